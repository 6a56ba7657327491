// Applies the embedded SQL migrations in order, once each, each under a transaction-scoped advisory lock (safe with
// many replicas, and through a transaction-pooling PgBouncer).
#include "store/migrator.h"

#include "core/log.h"
#include "store/dbpool.h"
#include "store/sqljson.h"

#include <QDir>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>

// Resources in a static library must be registered explicitly, at global scope.
static void initMigrationResources() { Q_INIT_RESOURCE(migrations); }

namespace crosslogic {
namespace {
constexpr qint64 kMigrationLockId = 0x43724C6F67; // "CrLog"

Result<void> exec(QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql))
        return fail(sqlError(q));
    return {};
}
} // namespace

QList<Migrator::Migration> Migrator::embedded()
{
    initMigrationResources();
    QList<Migration> list;
    const QDir dir(QStringLiteral(":/migrations"));
    const QStringList files = dir.entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name);
    for (const QString &file : files) {
        QFile f(dir.filePath(file));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        list.push_back(Migration{file.section(QLatin1Char('_'), 0, 0).toInt(), file.chopped(4), QString::fromUtf8(f.readAll())});
    }
    return list;
}

Result<int> Migrator::currentVersion(QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT coalesce(max(version), 0) FROM schema_migrations")))
        return fail(sqlError(q));
    q.next();
    return q.value(0).toInt();
}

Result<QStringList> Migrator::apply(QSqlDatabase &db)
{
    // Each migration is its own transaction holding a transaction-scoped advisory lock, and asks inside it whether
    // another replica applied it meanwhile. A session lock would need one server connection from lock to unlock,
    // which a transaction-pooling PgBouncer does not give; this works through one (and directly) alike.
    QStringList done;
    for (const Migration &m : embedded()) {
        if (!db.transaction())
            return fail(QStringLiteral("cannot begin a transaction for migration %1: %2").arg(m.name, db.lastError().text().trimmed()));
        bool applied = false;
        auto r = exec(db, QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(kMigrationLockId));
        if (!r)
            r = fail(QStringLiteral("cannot take the migration lock: ") + r.error());
        else
            r = exec(db, QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations ("
                                        " version integer PRIMARY KEY, name text NOT NULL,"
                                        " applied_at timestamptz NOT NULL DEFAULT now())"));
        if (r) {
            QSqlQuery q(db);
            r = runSql(q, QStringLiteral("SELECT 1 FROM schema_migrations WHERE version = ?"), {m.version});
            applied = r && q.next();
        }
        if (r && !applied) {
            r = exec(db, m.sql);
            if (r) {
                QSqlQuery ins(db);
                r = runSql(ins, QStringLiteral("INSERT INTO schema_migrations (version, name) VALUES (?, ?)"), {m.version, m.name});
            }
        }
        if (!r) {
            db.rollback();
            return fail(QStringLiteral("migration %1 failed: %2").arg(m.name, r.error()));
        }
        if (!db.commit())
            return fail(QStringLiteral("migration %1 could not be committed").arg(m.name));
        if (applied)
            continue;
        spdlog::info("migrate: applied {}", qs(m.name));
        done << m.name;
    }
    return done;
}

} // namespace crosslogic
