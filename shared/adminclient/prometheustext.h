// Reads the Prometheus text exposition format into samples, and sums a metric's samples (for rate charts).
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

namespace crosslogic {

struct PrometheusSample
{
    QString name;
    QHash<QString, QString> labels;
    double value = 0;
};

class PrometheusText
{
public:
    static QList<PrometheusSample> parse(const QByteArray &text);
    // Sum of every sample called name whose labels contain all of match.
    static double sum(const QList<PrometheusSample> &samples, const QString &name, const QHash<QString, QString> &match = {});
};

} // namespace crosslogic
