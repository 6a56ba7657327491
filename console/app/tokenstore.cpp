// Admin tokens per profile in the system keychain (qtkeychain, asynchronous), with an in-memory fallback when no
// keychain service exists (offscreen, CI, no Secret Service): then remembering is off and reason() says why.
#include "app/tokenstore.h"

#include <QGuiApplication>
#include <QPointer>
#include <qt6keychain/keychain.h>

namespace crosslogic::console {

namespace {
const QString kService = QStringLiteral("crosslogic-console");
}

TokenStore::TokenStore(QObject *parent) : QObject(parent), m_available(true)
{
    // qtkeychain talks to the Secret Service / KWallet over the session D-Bus; without one every job fails slowly.
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        markUnavailable(tr("no keychain service (no D-Bus session bus); the token is kept for this session only"));
    else if (QGuiApplication::platformName() == QLatin1String("offscreen"))
        markUnavailable(tr("offscreen session: the keychain is not used; the token is kept for this session only"));
}

void TokenStore::markUnavailable(const QString &reason)
{
    m_available = false;
    m_reason = reason;
}

void TokenStore::store(const QString &profile, const QString &token, bool remember)
{
    m_memory.insert(profile, token);
    if (!m_available)
        return;
    if (!remember) {
        forget(profile);
        m_memory.insert(profile, token);
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(kService, this);
    job->setAutoDelete(true);
    job->setKey(profile);
    job->setTextData(token);
    connect(job, &QKeychain::Job::finished, this, [this](QKeychain::Job *j) {
        if (j->error() != QKeychain::NoError && j->error() != QKeychain::EntryNotFound)
            markUnavailable(tr("the keychain refused the token: %1").arg(j->errorString()));
    });
    job->start();
}

void TokenStore::forget(const QString &profile)
{
    m_memory.remove(profile);
    if (!m_available)
        return;
    auto *job = new QKeychain::DeletePasswordJob(kService, this);
    job->setAutoDelete(true);
    job->setKey(profile);
    job->start();
}

void TokenStore::load(const QString &profile, QObject *context, std::function<void(const QString &)> done)
{
    if (m_memory.contains(profile) || !m_available) {
        done(m_memory.value(profile));
        return;
    }
    auto *job = new QKeychain::ReadPasswordJob(kService, this);
    job->setAutoDelete(true);
    job->setKey(profile);
    QPointer<QObject> guard(context);
    connect(job, &QKeychain::Job::finished, this, [guard, done](QKeychain::Job *j) {
        if (!guard)
            return;
        auto *read = static_cast<QKeychain::ReadPasswordJob *>(j);
        done(read->error() == QKeychain::NoError ? read->textData() : QString());
    });
    job->start();
}

} // namespace crosslogic::console
