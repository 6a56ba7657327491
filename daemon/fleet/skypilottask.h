// Builds the SkyPilot task YAML that starts vLLM and the node agent on a cloud GPU instance.
#pragma once

#include <QByteArray>
#include <QString>

namespace crosslogic {

struct SkyPilotTask
{
    QString clusterName;
    QString nodeId;
    QString provider;     // aws, gcp, azure, lambda, kubernetes
    QString region;
    QString instanceType;
    QString accelerators; // e.g. A10G:1 (optional)
    bool spot = false;
    QString modelName;
    QString controlPlaneUrl;
    int enginePort = 8000;

    // SkyPilot's name for the provider's cloud.
    static QString cloudName(const QString &provider);
    // The YAML text; the node token is not in it (passed with `sky launch --env NODE_REGISTRATION_TOKEN`).
    QByteArray toYaml() const;
};

} // namespace crosslogic
