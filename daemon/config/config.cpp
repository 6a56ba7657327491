// The daemon's configuration: reading, validating and showing the variables of the table (configtable.cpp).
#include "config/config.h"

#include <QUrl>
#include <QUrlQuery>

namespace crosslogic {

namespace {

template <class... Fs>
struct Overloaded : Fs...
{
    using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

bool parseIntInRange(const QString &text, qint64 min, qint64 max, qint64 *out)
{
    bool ok = false;
    const qint64 v = text.toLongLong(&ok);
    if (!ok || v < min || v > max)
        return false;
    *out = v;
    return true;
}

QString trimmedValue(const EnvMap &env, const ConfigVariable &v)
{
    const auto it = env.constFind(v.key());
    return it != env.constEnd() ? it->trimmed() : QString();
}

// Stores text (already trimmed, not empty unless the default is) into the variable's member. Returns the error
// that follows the variable's name ("must be ..."), or an empty string and what check-config shows in *shown.
QString assign(const ConfigVariable &v, const QString &text, Config &c, QString *shown)
{
    const auto notOneOf = [&](const QString &word) {
        return QStringLiteral("must be one of %1, got '%2'").arg(v.choiceList().join(QLatin1String(", ")), word.left(40));
    };
    const auto integer = [&](auto member) -> QString {
        qint64 n = 0;
        if (!parseIntInRange(text, v.min, v.max, &n))
            return QStringLiteral("must be an integer from %1 to %2, got '%3'").arg(v.min).arg(v.max).arg(text.left(40));
        c.*member = decltype(+(c.*member))(n);
        *shown = QString::number(n);
        return {};
    };
    return std::visit(Overloaded{
                          [&](QString Config::*member) -> QString {
                              if (!v.choices) {
                                  c.*member = text;
                                  *shown = text;
                                  return {};
                              }
                              const QString word = text.toLower();
                              c.*member = word;
                              *shown = word;
                              return v.choiceList().contains(word) ? QString() : notOneOf(word);
                          },
                          [&](int Config::*member) { return integer(member); },
                          [&](qint64 Config::*member) { return integer(member); },
                          [&](bool Config::*member) -> QString {
                              const QString word = text.toLower();
                              if (!v.choiceList().contains(word))
                                  return notOneOf(word);
                              const QStringList trueWords = QString::fromLatin1(v.trueWords).split(QLatin1Char('|'));
                              c.*member = trueWords.contains(word);
                              // Shown as the first word of its meaning: MIGRATE_ON_START=1 reads "true".
                              const QStringList same = c.*member ? trueWords : [&] {
                                  QStringList rest = v.choiceList();
                                  for (const QString &w : trueWords)
                                      rest.removeAll(w);
                                  return rest;
                              }();
                              *shown = same.value(0);
                              return {};
                          },
                      },
                      v.target);
}

} // namespace

QStringList ConfigVariable::choiceList() const
{
    return choices ? QString::fromLatin1(choices).split(QLatin1Char('|')) : QStringList();
}

QString ConfigVariable::acceptedText() const
{
    if (isInteger())
        return QStringLiteral("integer %1 to %2").arg(min).arg(max);
    if (choices)
        return choiceList().join(QLatin1String(", "));
    return QStringLiteral("text");
}

Config::Config()
{
    for (const ConfigVariable &v : variables()) {
        if (v.required())
            continue;
        QString shown;
        const QString error = assign(v, QString::fromLatin1(v.defaultValue), *this, &shown);
        if (!error.isEmpty()) // a table row contradicting itself: every configuration test stops here
            qFatal("config: the default of %s %s", v.name, qPrintable(error));
        m_effective.insert(v.key(), shown);
    }
}

const Config &Config::defaults()
{
    static const Config table;
    return table;
}

Result<DatabaseTarget> parseDatabaseUrl(const QString &url)
{
    const QUrl u(url, QUrl::StrictMode);
    if (!u.isValid() || (u.scheme() != QLatin1String("postgres") && u.scheme() != QLatin1String("postgresql")))
        return fail(QStringLiteral("must be postgres://user:password@host:port/database"));
    DatabaseTarget t;
    t.host = u.host();
    t.port = u.port(5432);
    t.user = u.userName();
    t.password = u.password();
    t.database = u.path().mid(1);
    const QUrlQuery query(u);
    if (query.hasQueryItem(QStringLiteral("host")))
        t.host = query.queryItemValue(QStringLiteral("host"), QUrl::FullyDecoded);
    QStringList opts;
    for (const auto &item : query.queryItems(QUrl::FullyDecoded)) {
        if (item.first == QLatin1String("sslmode") || item.first == QLatin1String("connect_timeout")
            || item.first == QLatin1String("application_name"))
            opts << item.first + QLatin1Char('=') + item.second;
    }
    t.options = opts.join(QLatin1Char(';'));
    const QString poolMode = query.queryItemValue(QStringLiteral("pool_mode"), QUrl::FullyDecoded);
    if (!poolMode.isEmpty() && poolMode != QLatin1String("session") && poolMode != QLatin1String("transaction"))
        return fail(QStringLiteral("has pool_mode=%1 (session or transaction)").arg(poolMode));
    t.transactionPooling = poolMode == QLatin1String("transaction");
    if (t.host.isEmpty())
        return fail(QStringLiteral("has no host"));
    if (t.database.isEmpty() || t.database.contains(QLatin1Char('/')))
        return fail(QStringLiteral("has no database name"));
    if (t.port <= 0 || t.port > 65535)
        return fail(QStringLiteral("has an invalid port"));
    return t;
}

namespace {
// redis+cluster://[:password@]host:port[,host:port…] (QUrl does not take a list of hosts).
Result<RedisTarget> parseRedisClusterUrl(const QString &url)
{
    QString rest = url.mid(int(qstrlen("redis+cluster://")));
    RedisTarget t;
    t.cluster = true;
    const qsizetype at = rest.lastIndexOf(QLatin1Char('@'));
    if (at >= 0) {
        const QString user = rest.left(at);
        const qsizetype colon = user.indexOf(QLatin1Char(':'));
        t.password = QUrl::fromPercentEncoding((colon >= 0 ? user.mid(colon + 1) : user).toUtf8());
        rest = rest.mid(at + 1);
    }
    if (rest.endsWith(QLatin1Char('/')))
        rest.chop(1);
    if (rest.contains(QLatin1Char('/')))
        return fail(QStringLiteral("cannot name a database number in cluster mode (a cluster has only database 0)"));
    for (const QString &hostPort : rest.split(QLatin1Char(','))) {
        const qsizetype colon = hostPort.lastIndexOf(QLatin1Char(':'));
        const QString host = colon >= 0 ? hostPort.left(colon) : hostPort;
        qint64 port = 6379;
        if (host.isEmpty() || (colon >= 0 && !parseIntInRange(hostPort.mid(colon + 1), 1, 65535, &port)))
            return fail(QStringLiteral("must be redis+cluster://[:password@]host:port[,host:port...]"));
        t.seeds.append({host, int(port)});
    }
    t.host = t.seeds.first().first;
    t.port = t.seeds.first().second;
    return t;
}
} // namespace

Result<RedisTarget> parseRedisUrl(const QString &url)
{
    if (url.startsWith(QLatin1String("redis+cluster://")))
        return parseRedisClusterUrl(url);
    const QUrl u(url, QUrl::StrictMode);
    if (!u.isValid() || u.scheme() != QLatin1String("redis"))
        return fail(QStringLiteral("must be redis://[:password@]host:port[/db] or redis+cluster://[:password@]host:port[,host:port...]"));
    RedisTarget t;
    t.host = u.host();
    t.port = u.port(6379);
    t.password = u.password();
    if (t.host.isEmpty())
        return fail(QStringLiteral("has no host"));
    const QString path = u.path().mid(1);
    if (!path.isEmpty()) {
        qint64 db = 0;
        if (!parseIntInRange(path, 0, 15, &db))
            return fail(QStringLiteral("has an invalid database number"));
        t.db = int(db);
    }
    return t;
}

QString maskSecret(const QString &value)
{
    if (value.isEmpty())
        return QStringLiteral("(not set)");
    return QStringLiteral("******** (%1 characters)").arg(value.size());
}

QString maskUrlPassword(const QString &url)
{
    if (url.startsWith(QLatin1String("redis+cluster://"))) {
        const qsizetype at = url.lastIndexOf(QLatin1Char('@'));
        return at < 0 ? url : QStringLiteral("redis+cluster://:********@") + url.mid(at + 1);
    }
    QUrl u(url);
    if (!u.isValid())
        return QStringLiteral("(unparseable, hidden)");
    if (!u.password().isEmpty())
        u.setPassword(QStringLiteral("********"));
    return u.toString();
}

Result<Config> Config::fromEnvironment(const EnvMap &env)
{
    QStringList missing;
    QStringList errors;
    Config c;
    for (const ConfigVariable &v : variables()) {
        const QString given = trimmedValue(env, v);
        if (given.isEmpty() && v.required()) {
            missing << QStringLiteral("%1 is missing (%2)").arg(v.key(), QString::fromLatin1(v.description));
            c.m_effective.insert(v.key(), QString());
            continue;
        }
        QString shown;
        const QString error = assign(v, given.isEmpty() ? QString::fromLatin1(v.defaultValue) : given, c, &shown);
        if (!error.isEmpty())
            errors << v.key() + QLatin1Char(' ') + error;
        c.m_effective.insert(v.key(), shown);
    }
    // Checks see every variable read, so one may look at another (TLS_CERT_PATH with TLS_KEY_PATH).
    for (const ConfigVariable &v : variables())
        if (v.check)
            for (const QString &error : v.check(c))
                errors << v.key() + QLatin1Char(' ') + error;

    errors = missing + errors;
    if (!errors.isEmpty())
        return fail(QStringLiteral("invalid configuration:\n  - ") + errors.join(QLatin1String("\n  - ")));
    return c;
}

QStringList Config::describe() const
{
    QStringList lines;
    for (const ConfigVariable &v : variables()) {
        QString value = m_effective.value(v.key());
        if (v.secret)
            value = v.key().endsWith(QLatin1String("_URL")) ? maskUrlPassword(value) : maskSecret(value);
        if (v.annotate)
            if (const QString note = v.annotate(*this); !note.isEmpty())
                value += QLatin1Char(' ') + note;
        lines << v.key() + QLatin1Char('=') + value;
    }
    return lines;
}

} // namespace crosslogic
