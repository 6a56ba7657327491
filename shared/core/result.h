// Result<T>: a value or the reason there is none; recoverable failures travel as values, not exceptions.
#pragma once

#include <QByteArray>
#include <QString>
#include <optional>
#include <utility>
#include <variant>

namespace crosslogic {

// Why there is no value. A failure that reaches an HTTP client carries its status and a machine-readable code
// (core/errorshape.h turns it into the one JSON error shape); status 0 marks an internal failure (a database
// or Redis message) that the answering layer classifies.
struct Error
{
    QString message;
    int status = 0;
    QByteArray code;
    QString param;  // the request field at fault, when there is one
    QByteArray type; // empty: the type the status maps to; set only where OpenAI's shape refines it (429: requests | tokens)

    bool isTyped() const { return status != 0; }
};

template <typename T>
class Result
{
public:
    Result(T value) : m_data(std::move(value)) {}
    Result(Error error) : m_data(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_data); }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return std::get<T>(m_data); }
    T &value() & { return std::get<T>(m_data); }
    T &&value() && { return std::get<T>(std::move(m_data)); }
    const T &operator*() const & { return value(); }
    const T *operator->() const { return &value(); }
    const QString &error() const { return std::get<Error>(m_data).message; }
    const Error &failure() const { return std::get<Error>(m_data); }

private:
    std::variant<T, Error> m_data;
};

template <>
class Result<void>
{
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)) {}

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const QString &error() const { return m_error->message; }
    const Error &failure() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

inline Error fail(QString message)
{
    return Error{std::move(message), 0, {}, {}, {}};
}

// A failure the client is told about: fail(404, "not_found", "no tenant with id …").
inline Error fail(int status, QByteArray code, QString message, QString param = {})
{
    return Error{std::move(message), status, std::move(code), std::move(param), {}};
}

} // namespace crosslogic
