// A strict parser for the Prometheus text format 0.0.4, used by the metrics tests to check what /metrics
// exposes.
#pragma once

#include <QByteArray>
#include <QByteArrayList>
#include <QList>
#include <QMap>
#include <QSet>
#include <QString>
#include <cmath>

namespace crosslogic::test {

struct PromSample
{
    QByteArray name;
    QMap<QByteArray, QByteArray> labels;
    double value = 0;
};

struct PromFamily
{
    QByteArray type;
    QByteArray help;
    QList<PromSample> samples;
};

struct PromParse
{
    QString error; // empty when the whole text is valid
    QMap<QByteArray, PromFamily> families;
    bool ok() const { return error.isEmpty(); }
    // The value of the sample with exactly these labels, or NaN.
    double value(const QByteArray &family, const QByteArray &sample,
                 const QMap<QByteArray, QByteArray> &labels) const
    {
        for (const PromSample &s : families.value(family).samples)
            if (s.name == sample && s.labels == labels)
                return s.value;
        return std::nan("");
    }
};

namespace promdetail {

inline bool validName(const QByteArray &n, bool label)
{
    if (n.isEmpty())
        return false;
    for (qsizetype i = 0; i < n.size(); ++i) {
        const char c = n[i];
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
                        (!label && c == ':') || (i > 0 && c >= '0' && c <= '9');
        if (!ok)
            return false;
    }
    return true;
}

inline bool parseValue(const QByteArray &text, double *out)
{
    if (text == "+Inf" || text == "Inf") {
        *out = INFINITY;
        return true;
    }
    if (text == "-Inf") {
        *out = -INFINITY;
        return true;
    }
    if (text == "NaN") {
        *out = NAN;
        return true;
    }
    bool ok = false;
    *out = text.toDouble(&ok);
    return ok && !text.isEmpty() && !text.contains(' ');
}

inline bool unescape(const QByteArray &in, bool allowQuote, QByteArray *out)
{
    out->clear();
    for (qsizetype i = 0; i < in.size(); ++i) {
        if (in[i] != '\\') {
            out->append(in[i]);
            continue;
        }
        if (++i >= in.size())
            return false;
        if (in[i] == '\\')
            out->append('\\');
        else if (in[i] == 'n')
            out->append('\n');
        else if (in[i] == '"' && allowQuote)
            out->append('"');
        else
            return false;
    }
    return true;
}

// The family a sample belongs to: histogram samples carry _bucket/_sum/_count suffixes.
inline QByteArray familyOf(const QByteArray &sample, const QMap<QByteArray, PromFamily> &families)
{
    if (families.contains(sample))
        return sample;
    for (const char *suffix : {"_bucket", "_sum", "_count"})
        if (sample.endsWith(suffix)) {
            const QByteArray base = sample.left(sample.size() - qsizetype(qstrlen(suffix)));
            if (families.value(base).type == "histogram")
                return base;
        }
    return {};
}

inline QString checkHistogram(const QByteArray &name, const PromFamily &f)
{
    struct Series
    {
        QList<QPair<double, double>> buckets;
        double sum = NAN, count = NAN;
    };
    QMap<QByteArray, Series> series;
    for (const PromSample &s : f.samples) {
        QMap<QByteArray, QByteArray> rest = s.labels;
        const QByteArray le = rest.take("le");
        QByteArray key;
        for (auto it = rest.cbegin(); it != rest.cend(); ++it)
            key += it.key() + '=' + it.value() + ',';
        Series &ser = series[key];
        if (s.name == name + "_bucket") {
            double bound = 0;
            if (le.isEmpty() || !parseValue(le, &bound))
                return QStringLiteral("%1: bucket without a valid le").arg(QString::fromLatin1(name));
            ser.buckets << qMakePair(bound, s.value);
        } else if (s.name == name + "_sum") {
            ser.sum = s.value;
        } else if (s.name == name + "_count") {
            ser.count = s.value;
        } else {
            return QStringLiteral("%1: unexpected sample %2 in a histogram")
                .arg(QString::fromLatin1(name), QString::fromLatin1(s.name));
        }
    }
    for (auto it = series.cbegin(); it != series.cend(); ++it) {
        const Series &ser = it.value();
        const QString where = QString::fromLatin1(name + '{' + it.key() + '}');
        if (ser.buckets.isEmpty() || !std::isinf(ser.buckets.back().first))
            return where + QStringLiteral(": last bucket is not le=\"+Inf\"");
        for (qsizetype i = 1; i < ser.buckets.size(); ++i) {
            if (!(ser.buckets[i].first > ser.buckets[i - 1].first))
                return where + QStringLiteral(": le bounds not strictly increasing");
            if (ser.buckets[i].second < ser.buckets[i - 1].second)
                return where + QStringLiteral(": bucket counts decrease");
        }
        if (std::isnan(ser.count) || std::isnan(ser.sum))
            return where + QStringLiteral(": _sum or _count missing");
        if (ser.count != ser.buckets.back().second)
            return where + QStringLiteral(": +Inf bucket (%1) != _count (%2)")
                               .arg(ser.buckets.back().second)
                               .arg(ser.count);
    }
    return {};
}

} // namespace promdetail

// Requires: every line is HELP, TYPE or a sample (no blank lines); HELP and TYPE once per family and before
// its samples; a family's samples are contiguous; label grammar and escapes exact; no duplicate series;
// counters non-negative; histograms with increasing le, non-decreasing cumulative counts and +Inf == _count.
inline PromParse parsePrometheusText(const QByteArray &text)
{
    using namespace promdetail;
    PromParse p;
    if (!text.isEmpty() && !text.endsWith('\n')) {
        p.error = QStringLiteral("text does not end with a newline");
        return p;
    }
    QByteArray current; // family whose samples are being read
    QSet<QByteArray> done;
    QSet<QByteArray> seenSeries;
    const QByteArrayList lines = text.split('\n');
    for (qsizetype n = 0; n + 1 < lines.size(); ++n) {
        const QByteArray &line = lines[n];
        auto err = [&](const QString &what) {
            p.error = QStringLiteral("line %1: %2: %3").arg(n + 1).arg(what, QString::fromUtf8(line));
        };
        if (line.isEmpty())
            return err(QStringLiteral("blank line")), p;
        if (line.startsWith('#')) {
            const QByteArrayList parts = line.split(' ');
            if (parts.size() < 3 || parts[0] != "#" || (parts[1] != "HELP" && parts[1] != "TYPE"))
                return err(QStringLiteral("comment is neither HELP nor TYPE")), p;
            const QByteArray &name = parts[2];
            if (!validName(name, false))
                return err(QStringLiteral("invalid metric name")), p;
            if (done.contains(name) || (p.families.contains(name) && !p.families[name].samples.isEmpty()))
                return err(QStringLiteral("HELP/TYPE after the family's samples")), p;
            if (!current.isEmpty() && current != name)
                done.insert(current);
            current = name;
            PromFamily &f = p.families[name];
            const QByteArray rest = line.mid(qsizetype(parts[0].size() + parts[1].size() + name.size() + 3));
            if (parts[1] == "HELP") {
                if (!f.help.isNull())
                    return err(QStringLiteral("second HELP")), p;
                QByteArray help;
                if (!unescape(rest, false, &help))
                    return err(QStringLiteral("bad escape in HELP")), p;
                f.help = help.isNull() ? QByteArray("") : help;
            } else {
                if (!f.type.isEmpty())
                    return err(QStringLiteral("second TYPE")), p;
                if (rest != "counter" && rest != "gauge" && rest != "histogram" && rest != "summary" &&
                    rest != "untyped")
                    return err(QStringLiteral("unknown TYPE")), p;
                f.type = rest;
            }
            continue;
        }
        // name{labels} value [timestamp]
        qsizetype i = 0;
        while (i < line.size() && line[i] != '{' && line[i] != ' ')
            ++i;
        PromSample s;
        s.name = line.left(i);
        if (!validName(s.name, false))
            return err(QStringLiteral("invalid sample name")), p;
        if (i < line.size() && line[i] == '{') {
            ++i;
            while (i < line.size() && line[i] != '}') {
                qsizetype eq = line.indexOf('=', i);
                if (eq < 0)
                    return err(QStringLiteral("label without '='")), p;
                const QByteArray lname = line.mid(i, eq - i);
                if (!validName(lname, true) || s.labels.contains(lname))
                    return err(QStringLiteral("invalid or duplicate label name")), p;
                if (eq + 1 >= line.size() || line[eq + 1] != '"')
                    return err(QStringLiteral("label value not quoted")), p;
                qsizetype j = eq + 2;
                QByteArray raw;
                while (j < line.size() && line[j] != '"') {
                    if (line[j] == '\\' && j + 1 < line.size()) {
                        raw += line.mid(j, 2);
                        j += 2;
                    } else {
                        raw += line[j++];
                    }
                }
                if (j >= line.size())
                    return err(QStringLiteral("unterminated label value")), p;
                QByteArray value;
                if (!unescape(raw, true, &value))
                    return err(QStringLiteral("bad escape in label value")), p;
                s.labels.insert(lname, value);
                i = j + 1;
                if (i < line.size() && line[i] == ',')
                    ++i;
                else if (i < line.size() && line[i] != '}')
                    return err(QStringLiteral("expected ',' or '}'")), p;
            }
            if (i >= line.size())
                return err(QStringLiteral("unterminated label set")), p;
            ++i;
        }
        if (i >= line.size() || line[i] != ' ')
            return err(QStringLiteral("expected a space before the value")), p;
        const QByteArrayList rest = line.mid(i + 1).split(' ');
        if (rest.size() > 2 || !parseValue(rest[0], &s.value))
            return err(QStringLiteral("invalid value")), p;
        if (rest.size() == 2) {
            bool ok = false;
            rest[1].toLongLong(&ok);
            if (!ok)
                return err(QStringLiteral("invalid timestamp")), p;
        }
        const QByteArray family = familyOf(s.name, p.families);
        if (family.isEmpty() || p.families[family].type.isEmpty() || p.families[family].help.isNull())
            return err(QStringLiteral("sample without HELP and TYPE before it")), p;
        if (family != current || done.contains(family))
            return err(QStringLiteral("samples of a family are not contiguous")), p;
        QByteArray key = s.name;
        for (auto it = s.labels.cbegin(); it != s.labels.cend(); ++it)
            key += '\0' + it.key() + '\0' + it.value();
        if (seenSeries.contains(key))
            return err(QStringLiteral("duplicate series")), p;
        seenSeries.insert(key);
        if (p.families[family].type == "counter" && !(s.value >= 0))
            return err(QStringLiteral("negative or NaN counter")), p;
        p.families[family].samples << s;
    }
    for (auto it = p.families.cbegin(); it != p.families.cend(); ++it) {
        if (it->type.isEmpty() || it->help.isNull()) {
            p.error = QStringLiteral("%1: HELP or TYPE missing").arg(QString::fromLatin1(it.key()));
            return p;
        }
        if (it->type == "histogram")
            if (QString e = promdetail::checkHistogram(it.key(), *it); !e.isEmpty()) {
                p.error = e;
                return p;
            }
    }
    return p;
}

} // namespace crosslogic::test
