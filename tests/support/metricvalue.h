// Reading one sample from a Prometheus text exposition (/metrics), for tests.
#pragma once

#include <QByteArray>

namespace crosslogic::test {

// Value of one sample: name{labels...} value (labels in the order the daemon renders them); 0 when absent.
inline double metricValue(const QByteArray &text, const QByteArray &nameAndLabels)
{
    for (const QByteArray &line : text.split('\n'))
        if (line.startsWith(QByteArray(nameAndLabels + ' ')))
            return line.mid(nameAndLabels.size() + 1).trimmed().toDouble();
    return 0;
}

} // namespace crosslogic::test
