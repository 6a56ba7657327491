// Reads the Prometheus text exposition format 0.0.4 (the daemon's and vLLM's /metrics) into samples and
// families, and lists where a text departs from the strict form the daemon promises to render.
#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QStringList>
#include <optional>

namespace crosslogic {

using PrometheusLabels = QMap<QByteArray, QByteArray>;

struct PrometheusSample
{
    QByteArray name;         // as written: a histogram's samples are <family>_bucket, _sum and _count
    PrometheusLabels labels; // values unescaped
    double value = 0;
    std::optional<qint64> timestampMs;
};

struct PrometheusFamily
{
    QByteArray type; // counter, gauge, histogram, summary or untyped; empty without a TYPE line
    QByteArray help; // unescaped
    bool hasHelp = false;
};

class PrometheusText
{
public:
    // Never fails: a line that cannot be read is skipped and named in problems().
    static PrometheusText parse(const QByteArray &text);

    // Every readable sample, in the order of the text.
    const QList<PrometheusSample> &samples() const { return m_samples; }
    // Families by name, from HELP and TYPE lines.
    const QMap<QByteArray, PrometheusFamily> &families() const { return m_families; }
    // Skipped lines and breaches of the strict form ("line 3: bad escape in label value: ..."): HELP and TYPE
    // before each family's samples, families contiguous, no blank line, newline at the end, no duplicate
    // series, counters >= 0, histograms with increasing le, cumulative counts and +Inf == _count. A tolerant
    // reader (console, agent) ignores them; a test of an exposition expects none.
    const QStringList &problems() const { return m_problems; }
    bool isStrict() const { return m_problems.isEmpty(); }

    // Sum of the samples called name whose labels include every pair of match.
    double sum(const QByteArray &name, const PrometheusLabels &match = {}) const;
    // The sample called name with exactly these labels; NaN when there is none.
    double value(const QByteArray &name, const PrometheusLabels &labels = {}) const;

private:
    QList<PrometheusSample> m_samples;
    QMap<QByteArray, PrometheusFamily> m_families;
    QStringList m_problems;
};

} // namespace crosslogic
