// Admin tokens per profile in the system keychain (qtkeychain, asynchronous), with an in-memory fallback when no
// keychain service exists (offscreen, CI, no Secret Service): then remembering is off and reason() says why.
#pragma once

#include <QHash>
#include <QObject>
#include <functional>

namespace crosslogic::console {

class TokenStore : public QObject
{
    Q_OBJECT
public:
    explicit TokenStore(QObject *parent = nullptr);

    bool keychainAvailable() const { return m_available; }
    QString unavailableReason() const { return m_reason; }

    // Tokens always live in memory for this session; remember also writes the keychain.
    void store(const QString &profile, const QString &token, bool remember);
    void forget(const QString &profile);
    // From memory, else from the keychain; empty when none. done runs only while context exists.
    void load(const QString &profile, QObject *context, std::function<void(const QString &token)> done);

private:
    void markUnavailable(const QString &reason);

    QHash<QString, QString> m_memory;
    bool m_available;
    QString m_reason;
};

} // namespace crosslogic::console
