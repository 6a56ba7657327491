// Test helper over the daemon's admin API: create a tenant, environment and key in one call, and JSON requests.
#include "support/adminapi.h"

#include <QRandomGenerator>

namespace crosslogic::test {

HttpResult AdminApi::call(const QByteArray &method, const QByteArray &path, const QByteArray &body) const
{
    return RawHttp::request(m_port, method, path, body, {{"X-Admin-Token", m_token}});
}

HttpResult AdminApi::call(const QByteArray &method, const QByteArray &path, const QByteArray &body, const Headers &extra) const
{
    return RawHttp::request(m_port, method, path, body, Headers{{"X-Admin-Token", m_token}} + extra);
}

TestKey AdminApi::createKey(const QByteArray &keyFields) const
{
    TestKey k;
    const QByteArray n = QByteArray::number(QRandomGenerator::global()->bounded(1000000));
    k.tenantId = call("POST", "/admin/tenants", "{\"name\":\"tenant-" + n + "\",\"email\":\"t" + n + "@example.test\"}").json("/id");
    k.environmentId = call("POST", "/admin/tenants/" + k.tenantId + "/environments", "{\"name\":\"production\"}").json("/id");
    return addKey(k, keyFields);
}

TestKey AdminApi::addKey(const TestKey &owner, const QByteArray &keyFields) const
{
    TestKey k = owner;
    QByteArray body = "{\"tenant_id\":\"" + k.tenantId + "\",\"environment_id\":\"" + k.environmentId + "\",\"name\":\"test\"";
    if (!keyFields.isEmpty())
        body += "," + keyFields;
    body += "}";
    const HttpResult r = call("POST", "/admin/api-keys", body);
    k.keyId = r.json("/id");
    k.key = r.json("/key");
    k.prefix = r.json("/key_prefix");
    return k;
}

QByteArray AdminApi::createToken(const QByteArray &name, const QByteArray &role) const
{
    const HttpResult r = call("POST", "/admin/tokens", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
    if (r.status != 201) {
        qWarning("token create: %d %s", r.status, r.body.constData());
        return {};
    }
    return r.json("/token");
}

} // namespace crosslogic::test
