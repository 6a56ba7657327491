// Reads the Prometheus text exposition format into samples, and sums a metric's samples (for rate charts).
#include "adminclient/prometheustext.h"

namespace crosslogic {
namespace {

// Parses {a="x",b="y"} starting after '{'; returns the index after '}' or -1.
qsizetype parseLabels(const QString &line, qsizetype i, QHash<QString, QString> &labels)
{
    while (i < line.size()) {
        while (i < line.size() && (line[i] == QLatin1Char(',') || line[i] == QLatin1Char(' ')))
            ++i;
        if (i < line.size() && line[i] == QLatin1Char('}'))
            return i + 1;
        const qsizetype eq = line.indexOf(QLatin1Char('='), i);
        if (eq < 0 || eq + 1 >= line.size() || line[eq + 1] != QLatin1Char('"'))
            return -1;
        const QString key = line.mid(i, eq - i).trimmed();
        QString value;
        qsizetype j = eq + 2;
        for (; j < line.size() && line[j] != QLatin1Char('"'); ++j) {
            if (line[j] == QLatin1Char('\\') && j + 1 < line.size()) {
                ++j;
                value += line[j] == QLatin1Char('n') ? QLatin1Char('\n') : line[j];
            } else {
                value += line[j];
            }
        }
        if (j >= line.size())
            return -1;
        labels.insert(key, value);
        i = j + 1;
    }
    return -1;
}

} // namespace

QList<PrometheusSample> PrometheusText::parse(const QByteArray &text)
{
    QList<PrometheusSample> out;
    const QString all = QString::fromUtf8(text);
    for (const QString &raw : all.split(QLatin1Char('\n'))) {
        const QString line = raw.trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        PrometheusSample s;
        qsizetype i = 0;
        while (i < line.size() && line[i] != QLatin1Char('{') && line[i] != QLatin1Char(' '))
            ++i;
        s.name = line.left(i);
        if (i < line.size() && line[i] == QLatin1Char('{')) {
            i = parseLabels(line, i + 1, s.labels);
            if (i < 0)
                continue;
        }
        const QStringList rest = line.mid(i).trimmed().split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (rest.isEmpty())
            continue;
        bool ok = false;
        const QString &v = rest.first();
        if (v == QLatin1String("+Inf"))
            s.value = qInf();
        else if (v == QLatin1String("-Inf"))
            s.value = -qInf();
        else
            s.value = v.toDouble(&ok);
        if (ok || v.endsWith(QLatin1String("Inf")))
            out.append(std::move(s));
    }
    return out;
}

double PrometheusText::sum(const QList<PrometheusSample> &samples, const QString &name, const QHash<QString, QString> &match)
{
    double total = 0;
    for (const PrometheusSample &s : samples) {
        if (s.name != name)
            continue;
        bool matches = true;
        for (auto it = match.cbegin(); it != match.cend() && matches; ++it)
            matches = s.labels.value(it.key()) == it.value();
        if (matches)
            total += s.value;
    }
    return total;
}

} // namespace crosslogic
