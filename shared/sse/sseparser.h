// Server-Sent Events: splits a byte stream into events however the bytes are chunked, with a bound on an event's
// size. One parser for every reader: the gateway (upstream streams, forwarded event by event), the console (the
// daemon's alert stream) and the tests.
#pragma once

#include <QByteArray>
#include <vector>

namespace crosslogic {

class SseParser
{
public:
    struct Event
    {
        QByteArray raw;              // the event's lines (comments included) joined with '\n', without the blank line
        QByteArray name = "message"; // the event: field
        QByteArray id;               // the id: field, empty when the event has none
        QByteArray data;             // the data: field values joined with '\n'
        // Whether a browser would dispatch it: it has data, or an event:/id: field (a comment-only block has not).
        bool dispatch = false;
    };

    explicit SseParser(qsizetype maxEventBytes = 4 * 1024 * 1024) : m_max(maxEventBytes) {}

    // Appends the complete events in bytes to out (an event ends at a blank line; CR, LF and CRLF all end a line).
    // Returns false when the event being read grows past the bound: the stream is unusable.
    bool feed(const QByteArray &bytes, std::vector<Event> &out);
    // Bytes held for the event not yet complete.
    qsizetype buffered() const { return m_event.raw.size() + m_line.size(); }
    // What is left when the stream ends without a final blank line.
    QByteArray remainder() const
    {
        QByteArray rest = m_event.raw;
        rest += m_line;
        return rest;
    }
    // The last retry: field in milliseconds, or -1.
    int retryMs() const { return m_retryMs; }
    void reset();

private:
    void takeLine(QByteArrayView line, std::vector<Event> &out);

    QByteArray m_line; // a line not yet ended
    Event m_event;     // the event being read
    bool m_hasData = false; // the event being read has a data: line (the next one is joined with '\n')
    bool m_skipLf = false;  // a chunk ended with CR: a LF starting the next one belongs to it
    int m_retryMs = -1;
    qsizetype m_max;
};

} // namespace crosslogic
