// Test helper over the daemon's admin API: create a tenant, environment and key in one call, and JSON requests.
#pragma once

#include "support/rawhttp.h"

#include <QString>

namespace crosslogic::test {

struct TestKey
{
    QByteArray tenantId;
    QByteArray environmentId;
    QByteArray keyId;
    QByteArray key;
    QByteArray prefix;
};

class AdminApi
{
public:
    explicit AdminApi(quint16 port, QByteArray token = "test-admin-token-0123456789") : m_port(port), m_token(std::move(token)) {}

    HttpResult call(const QByteArray &method, const QByteArray &path, const QByteArray &body = {}) const;
    HttpResult call(const QByteArray &method, const QByteArray &path, const QByteArray &body, const Headers &extra) const;
    // A new tenant + environment + live key; keyFields is extra JSON members for the key, e.g. "\"concurrency_limit\":2".
    TestKey createKey(const QByteArray &keyFields = {}) const;
    TestKey addKey(const TestKey &owner, const QByteArray &keyFields = {}) const;
    // A new admin token with role (support, sre, ...); empty (and a warning) when the daemon did not answer 201.
    QByteArray createToken(const QByteArray &name, const QByteArray &role) const;

private:
    quint16 m_port;
    QByteArray m_token;
};

// Authorization header for a customer key.
inline Headers bearer(const QByteArray &key)
{
    return {{"Authorization", "Bearer " + key}};
}

} // namespace crosslogic::test
