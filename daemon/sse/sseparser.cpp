// Splits a Server-Sent Events byte stream into events, however the bytes are chunked; bounded event size.
#include "sse/sseparser.h"

namespace crosslogic {

SseParser::Event SseParser::parseEvent(const QByteArray &raw)
{
    Event e;
    e.raw = raw;
    qsizetype pos = 0;
    bool first = true;
    while (pos <= raw.size()) {
        qsizetype end = raw.indexOf('\n', pos);
        if (end < 0)
            end = raw.size();
        QByteArrayView line(raw.constData() + pos, end - pos);
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.startsWith("data:")) {
            QByteArrayView value = line.sliced(5);
            if (value.startsWith(' '))
                value = value.sliced(1);
            if (!first)
                e.data += '\n';
            e.data += value;
            first = false;
        }
        pos = end + 1;
    }
    return e;
}

bool SseParser::feed(const QByteArray &bytes, std::vector<Event> &out)
{
    m_buffer += bytes;
    qsizetype start = 0;
    for (;;) {
        // An event ends at the first blank line: "\n\n" or "\r\n\r\n" (mixed endings included).
        qsizetype end = -1;
        qsizetype sepLen = 0;
        for (qsizetype i = start; i + 1 < m_buffer.size(); ++i) {
            if (m_buffer[i] != '\n')
                continue;
            if (m_buffer[i + 1] == '\n') {
                end = i;
                sepLen = 2;
                break;
            }
            if (m_buffer[i + 1] == '\r' && i + 2 < m_buffer.size() && m_buffer[i + 2] == '\n') {
                end = i;
                sepLen = 3;
                break;
            }
        }
        if (end < 0)
            break;
        QByteArray raw = m_buffer.mid(start, end - start);
        if (raw.endsWith('\r'))
            raw.chop(1);
        if (!raw.isEmpty())
            out.push_back(parseEvent(raw));
        start = end + sepLen;
    }
    m_buffer.remove(0, start);
    return m_buffer.size() <= m_max;
}

} // namespace crosslogic
