# CPack: three Debian packages (control plane, node agent, console) from the install components. Included by the top level.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME crosslogic)
set(CPACK_PACKAGE_VENDOR "CrossLogic")
set(CPACK_PACKAGE_CONTACT "CrossLogic Platform Engineering <platform@crosslogic.ai>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR}/packages)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL control-plane node-agent)
if(CROSSLOGIC_BUILD_CONSOLE)
  list(APPEND CPACK_COMPONENTS_ALL console)
endif()
set(CPACK_COMPONENTS_GROUPING IGNORE)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://crosslogic.ai")
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
# dpkg-shlibdeps turns the ELF NEEDED entries into versioned Depends; plugins it cannot see are listed below.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)

set(_gen ${CMAKE_BINARY_DIR}/packaging/generated/deb)

set(CPACK_DEBIAN_CONTROL-PLANE_PACKAGE_NAME crosslogic-control-plane)
set(CPACK_DEBIAN_CONTROL-PLANE_PACKAGE_SECTION net)
# The Qt PostgreSQL driver is a plugin (dlopen), invisible to dpkg-shlibdeps.
set(CPACK_DEBIAN_CONTROL-PLANE_PACKAGE_DEPENDS "libqt6sql6-psql, adduser, init-system-helpers")
set(CPACK_DEBIAN_CONTROL-PLANE_PACKAGE_RECOMMENDS "postgresql-client")
set(CPACK_DEBIAN_CONTROL-PLANE_PACKAGE_SUGGESTS "postgresql, redis-server, awscli")
set(CPACK_DEBIAN_CONTROL-PLANE_DESCRIPTION "CrossLogic control plane and inference gateway (crosslogicd)
crosslogicd authenticates OpenAI-compatible API calls with tenant keys, enforces
rate limits, routes requests to GPU nodes, meters tokens and bills them through
Stripe. This package ships the daemon, its systemd units (service, migration,
backup timer), the /etc/crosslogic/.env template and the backup/restore tools.")
set(CPACK_DEBIAN_CONTROL-PLANE_PACKAGE_CONTROL_EXTRA
  "${_gen}/control-plane/conffiles;${_gen}/control-plane/postinst;${_gen}/control-plane/prerm;${_gen}/control-plane/postrm")

set(CPACK_DEBIAN_NODE-AGENT_PACKAGE_NAME crosslogic-node-agent)
set(CPACK_DEBIAN_NODE-AGENT_PACKAGE_SECTION net)
set(CPACK_DEBIAN_NODE-AGENT_PACKAGE_DEPENDS "adduser, init-system-helpers")
set(CPACK_DEBIAN_NODE-AGENT_DESCRIPTION "CrossLogic node agent for GPU inference nodes
Registers a GPU node with the CrossLogic control plane, heartbeats its health
and engine load, and drains it on a spot-termination notice. Ships the
node-agent.service systemd unit and the /etc/crosslogic/node-agent.env template.")
set(CPACK_DEBIAN_NODE-AGENT_PACKAGE_CONTROL_EXTRA
  "${_gen}/node-agent/conffiles;${_gen}/node-agent/postinst;${_gen}/node-agent/prerm;${_gen}/node-agent/postrm")

set(CPACK_DEBIAN_CONSOLE_PACKAGE_NAME crosslogic-console)
set(CPACK_DEBIAN_CONSOLE_PACKAGE_SECTION admin)
# The xcb/wayland platform plugins are dlopened by Qt, so dpkg-shlibdeps cannot see them.
set(CPACK_DEBIAN_CONSOLE_PACKAGE_DEPENDS "qt6-qpa-plugins")
set(CPACK_DEBIAN_CONSOLE_DESCRIPTION "CrossLogic operations console (desktop)
Qt Widgets and Qt Charts console for support staff and SREs: fleet, tenants,
usage and billing, with the runbook's procedures as audited actions. Talks
only to the control plane's admin API.")

include(CPack)
