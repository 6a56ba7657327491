// Reads the Prometheus text exposition format 0.0.4 (the daemon's and vLLM's /metrics) into samples and
// families, and lists where a text departs from the strict form the daemon promises to render.
#include "prometheus/prometheustext.h"

#include "prometheus/prometheusline.h"

#include <QSet>
#include <cmath>

namespace crosslogic {
namespace {

QByteArray seriesKey(const QByteArray &name, const PrometheusLabels &labels)
{
    QByteArray key = name;
    for (auto it = labels.cbegin(); it != labels.cend(); ++it)
        key += '\0' + it.key() + '\0' + it.value();
    return key;
}

// The family a sample belongs to: a histogram's carry _bucket/_sum/_count, a summary's _sum/_count.
QByteArray familyOf(const QByteArray &sample, const QMap<QByteArray, PrometheusFamily> &families)
{
    if (families.contains(sample))
        return sample;
    for (const QByteArrayView suffix :
         {QByteArrayView("_bucket"), QByteArrayView("_sum"), QByteArrayView("_count")}) {
        if (!sample.endsWith(suffix))
            continue;
        const QByteArray base = sample.chopped(suffix.size());
        const QByteArray type = families.value(base).type;
        if (type == "histogram" || (type == "summary" && suffix != QByteArrayView("_bucket")))
            return base;
    }
    return sample;
}

// Per label set (le aside): buckets in order with increasing le, counts cumulative, +Inf last and == _count.
QStringList histogramProblems(const QByteArray &name, const QList<PrometheusSample> &all,
                              const QList<qsizetype> &members)
{
    struct Series
    {
        PrometheusLabels labels;              // le aside
        QList<QPair<double, double>> buckets; // le, count
        double sum = NAN, count = NAN;
    };
    const QByteArray bucketName = name + "_bucket", sumName = name + "_sum", countName = name + "_count";
    QStringList problems;
    QMap<QByteArray, Series> series;
    for (const qsizetype i : members) {
        const PrometheusSample *s = &all[i];
        PrometheusLabels rest = s->labels;
        const QByteArray le = rest.take("le");
        Series &ser = series[seriesKey({}, rest)];
        ser.labels = rest;
        if (s->name == bucketName) {
            const std::optional<double> bound = prometheus::readValue(le);
            if (!bound || std::isnan(*bound))
                problems << QStringLiteral("%1: bucket without a valid le").arg(QString::fromUtf8(name));
            else
                ser.buckets << qMakePair(*bound, s->value);
        } else if (s->name == sumName) {
            ser.sum = s->value;
        } else if (s->name == countName) {
            ser.count = s->value;
        } else {
            problems << QStringLiteral("%1: sample %2 in a histogram")
                            .arg(QString::fromUtf8(name), QString::fromUtf8(s->name));
        }
    }
    for (auto it = series.cbegin(); it != series.cend(); ++it) {
        const Series &ser = it.value();
        QByteArray labels;
        for (auto l = ser.labels.cbegin(); l != ser.labels.cend(); ++l)
            labels += (labels.isEmpty() ? "" : ",") + l.key() + "=\"" + l.value() + '"';
        const QString where = QString::fromUtf8(QByteArray(name + '{' + labels + '}'));
        if (ser.buckets.isEmpty() || !std::isinf(ser.buckets.back().first))
            problems << where + QStringLiteral(": last bucket is not le=\"+Inf\"");
        for (qsizetype i = 1; i < ser.buckets.size(); ++i) {
            if (!(ser.buckets[i].first > ser.buckets[i - 1].first))
                problems << where + QStringLiteral(": le bounds not strictly increasing");
            if (ser.buckets[i].second < ser.buckets[i - 1].second)
                problems << where + QStringLiteral(": bucket counts decrease");
        }
        if (std::isnan(ser.count) || std::isnan(ser.sum))
            problems << where + QStringLiteral(": _sum or _count missing");
        else if (!ser.buckets.isEmpty() && ser.count != ser.buckets.back().second)
            problems << where + QStringLiteral(": +Inf bucket (%1) != _count (%2)")
                                    .arg(ser.buckets.back().second)
                                    .arg(ser.count);
    }
    return problems;
}

} // namespace

PrometheusText PrometheusText::parse(const QByteArray &text)
{
    using prometheus::Line;
    PrometheusText out;
    if (!text.isEmpty() && !text.endsWith('\n'))
        out.m_problems << QStringLiteral("text does not end with a newline");
    QByteArray current;    // the family whose lines are being read
    QSet<QByteArray> done; // families whose lines have ended
    QSet<QByteArray> seriesSeen;
    QMap<QByteArray, QList<qsizetype>> members;
    QList<QByteArray> lines = text.isEmpty() ? QList<QByteArray>() : text.split('\n');
    if (text.endsWith('\n'))
        lines.removeLast();
    out.m_samples.reserve(lines.size());
    for (qsizetype n = 0; n < lines.size(); ++n) {
        const Line line = prometheus::readLine(lines[n]);
        auto problem = [&](const QString &what) {
            out.m_problems
                << QStringLiteral("line %1: %2: %3").arg(n + 1).arg(what, QString::fromUtf8(lines[n]));
        };
        auto enter = [&](const QByteArray &family) {
            if (family == current)
                return true;
            if (!current.isEmpty())
                done.insert(current);
            current = family;
            return !done.contains(family);
        };
        switch (line.kind) {
        case Line::Comment:
            continue;
        case Line::Blank:
            problem(QStringLiteral("blank line"));
            continue;
        case Line::Invalid:
            problem(line.error);
            continue;
        case Line::Help:
        case Line::Type: {
            if (!line.error.isEmpty())
                problem(line.error);
            if (!enter(line.family) || members.contains(line.family)) {
                problem(QStringLiteral("HELP or TYPE after the family's samples"));
                continue;
            }
            PrometheusFamily &f = out.m_families[line.family];
            if (line.kind == Line::Help) {
                if (f.hasHelp)
                    problem(QStringLiteral("second HELP"));
                f.help = line.text;
                f.hasHelp = true;
            } else {
                if (!f.type.isEmpty())
                    problem(QStringLiteral("second TYPE"));
                f.type = line.text;
            }
            continue;
        }
        case Line::Sample:
            break;
        }
        const PrometheusSample &s = out.m_samples.emplace_back(line.sample);
        const QByteArray family = familyOf(s.name, out.m_families);
        const PrometheusFamily f = out.m_families.value(family);
        if (f.type.isEmpty() || !f.hasHelp)
            problem(QStringLiteral("sample without HELP and TYPE before it"));
        if (!enter(family))
            problem(QStringLiteral("samples of a family are not contiguous"));
        const QByteArray key = seriesKey(s.name, s.labels);
        if (seriesSeen.contains(key))
            problem(QStringLiteral("duplicate series"));
        seriesSeen.insert(key);
        if (f.type == "counter" && !(s.value >= 0))
            problem(QStringLiteral("negative or NaN counter"));
        members[family] << out.m_samples.size() - 1;
    }
    for (auto it = out.m_families.cbegin(); it != out.m_families.cend(); ++it) {
        if (it->type.isEmpty() || !it->hasHelp)
            out.m_problems << QStringLiteral("%1: HELP or TYPE missing").arg(QString::fromUtf8(it.key()));
        if (it->type == "histogram")
            out.m_problems << histogramProblems(it.key(), out.m_samples, members.value(it.key()));
    }
    return out;
}

double PrometheusText::sum(const QByteArray &name, const PrometheusLabels &match) const
{
    double total = 0;
    for (const PrometheusSample &s : m_samples) {
        if (s.name != name)
            continue;
        bool matches = true;
        for (auto it = match.cbegin(); it != match.cend() && matches; ++it)
            matches = s.labels.contains(it.key()) && s.labels.value(it.key()) == it.value();
        if (matches)
            total += s.value;
    }
    return total;
}

double PrometheusText::value(const QByteArray &name, const PrometheusLabels &labels) const
{
    for (const PrometheusSample &s : m_samples)
        if (s.name == name && s.labels == labels)
            return s.value;
    return std::nan("");
}

} // namespace crosslogic
