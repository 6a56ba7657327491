// The grammar of one line of the Prometheus text format: a sample, a HELP or TYPE line, or a comment.
#pragma once

#include "prometheus/prometheustext.h"

#include <QString>

namespace crosslogic::prometheus {

struct Line
{
    enum Kind
    {
        Sample,
        Help,
        Type,
        Comment,
        Blank,
        Invalid
    };
    Kind kind = Invalid;
    PrometheusSample sample; // Sample
    QByteArray family;       // Help, Type
    QByteArray text;         // Help: the docstring, unescaped; Type: the type
    QString error;           // Invalid, or Help with a bad escape (text then holds the raw docstring)
};

// Reads one line (without its newline). Blanks and tabs separate tokens; leading and trailing ones are
// ignored.
Line readLine(const QByteArray &line);

// A sample value: a decimal number, +Inf, -Inf or NaN (case-insensitive, as Prometheus reads them).
std::optional<double> readValue(const QByteArray &token);

} // namespace crosslogic::prometheus
