// Decodes a Server-Sent Events byte stream into events (event name, id, data), however the bytes are chunked.
#include "adminclient/ssedecoder.h"

namespace crosslogic {

bool SseDecoder::feed(const QByteArray &bytes, QList<SseEvent> &out)
{
    qsizetype start = 0;
    if (m_skipLf && bytes.startsWith('\n'))
        start = 1;
    m_skipLf = false;
    m_buffer.append(bytes.constData() + start, bytes.size() - start);
    qsizetype from = 0;
    for (;;) {
        qsizetype end = from;
        while (end < m_buffer.size() && m_buffer[end] != '\n' && m_buffer[end] != '\r')
            ++end;
        if (end == m_buffer.size())
            break;
        takeLine(QByteArrayView(m_buffer).sliced(from, end - from), out);
        if (m_buffer[end] == '\r') {
            if (end + 1 == m_buffer.size())
                m_skipLf = true;
            else if (m_buffer[end + 1] == '\n')
                ++end;
        }
        from = end + 1;
    }
    m_buffer.remove(0, from);
    return m_buffer.size() + m_event.data.size() <= m_max;
}

void SseDecoder::takeLine(QByteArrayView line, QList<SseEvent> &out)
{
    if (line.isEmpty()) {
        if (m_hasData || m_hasFields) {
            if (m_event.data.endsWith('\n'))
                m_event.data.chop(1);
            out.append(m_event);
        }
        m_event = SseEvent();
        m_hasData = m_hasFields = false;
        return;
    }
    if (line.startsWith(':'))
        return; // a comment: keep-alive
    const qsizetype colon = line.indexOf(':');
    const QByteArrayView field = colon < 0 ? line : line.first(colon);
    QByteArrayView value = colon < 0 ? QByteArrayView() : line.sliced(colon + 1);
    if (value.startsWith(' '))
        value = value.sliced(1);
    if (field == "data") {
        m_event.data += value.toByteArray() + '\n';
        m_hasData = true;
    } else if (field == "event") {
        m_event.name = value.toByteArray();
        m_hasFields = true;
    } else if (field == "id") {
        m_event.id = value.toByteArray();
        m_hasFields = true;
    } else if (field == "retry") {
        bool ok = false;
        const int ms = value.toByteArray().toInt(&ok);
        if (ok && ms >= 0)
            m_retryMs = ms;
    }
}

void SseDecoder::reset()
{
    m_buffer.clear();
    m_event = SseEvent();
    m_hasData = m_hasFields = m_skipLf = false;
}

} // namespace crosslogic
