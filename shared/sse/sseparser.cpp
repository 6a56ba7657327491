// Server-Sent Events parsing (WHATWG HTML §9.2.6): lines, fields, events; chunking-independent and bounded.
#include "sse/sseparser.h"

namespace crosslogic {

bool SseParser::feed(const QByteArray &bytes, std::vector<Event> &out)
{
    qsizetype from = 0;
    if (m_skipLf && bytes.startsWith('\n'))
        from = 1;
    m_skipLf = false;
    const qsizetype n = bytes.size();
    while (from < n) {
        qsizetype end = from;
        while (end < n && bytes[end] != '\n' && bytes[end] != '\r')
            ++end;
        if (end == n) {
            m_line.append(bytes.constData() + from, n - from);
            break;
        }
        if (m_line.isEmpty()) {
            takeLine(QByteArrayView(bytes).sliced(from, end - from), out);
        } else {
            m_line.append(bytes.constData() + from, end - from);
            const QByteArray line = std::exchange(m_line, {});
            takeLine(line, out);
        }
        if (bytes[end] == '\r') {
            if (end + 1 == n)
                m_skipLf = true;
            else if (bytes[end + 1] == '\n')
                ++end;
        }
        from = end + 1;
    }
    return buffered() <= m_max;
}

void SseParser::takeLine(QByteArrayView line, std::vector<Event> &out)
{
    if (line.isEmpty()) {
        if (!m_event.raw.isEmpty()) {
            m_event.raw.chop(1); // the '\n' after its last line
            out.push_back(std::move(m_event));
        }
        m_event = Event();
        m_hasData = false;
        return;
    }
    m_event.raw += line;
    m_event.raw += '\n';
    if (line.startsWith(':'))
        return; // a comment (keep-alive): forwarded in raw, no field
    const qsizetype colon = line.indexOf(':');
    const QByteArrayView field = colon < 0 ? line : line.first(colon);
    QByteArrayView value = colon < 0 ? QByteArrayView() : line.sliced(colon + 1);
    if (value.startsWith(' '))
        value = value.sliced(1);
    if (field == "data") {
        if (m_hasData)
            m_event.data += '\n';
        m_event.data += value;
        m_hasData = true;
        m_event.dispatch = true;
    } else if (field == "event") {
        m_event.name = value.toByteArray();
        m_event.dispatch = true;
    } else if (field == "id") {
        m_event.id = value.toByteArray();
        m_event.dispatch = true;
    } else if (field == "retry") {
        bool ok = false;
        const int ms = value.toByteArray().toInt(&ok);
        if (ok && ms >= 0)
            m_retryMs = ms;
    }
}

void SseParser::reset()
{
    m_line.clear();
    m_event = Event();
    m_hasData = m_skipLf = false;
}

} // namespace crosslogic
