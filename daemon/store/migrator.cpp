// Applies the embedded SQL migrations in order, once each, under an advisory lock (safe with many replicas).
#include "store/migrator.h"

#include "core/log.h"
#include "store/dbpool.h"

#include <QDir>
#include <QFile>
#include <QSet>
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
    if (auto r = exec(db, QStringLiteral("SELECT pg_advisory_lock(%1)").arg(kMigrationLockId)); !r)
        return fail(QStringLiteral("cannot take the migration lock: ") + r.error());
    struct Unlock
    {
        QSqlDatabase &db;
        ~Unlock() { exec(db, QStringLiteral("SELECT pg_advisory_unlock(%1)").arg(kMigrationLockId)); }
    } unlock{db};

    if (auto r = exec(db, QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations ("
                                         " version integer PRIMARY KEY, name text NOT NULL,"
                                         " applied_at timestamptz NOT NULL DEFAULT now())"));
        !r)
        return r.failure();

    QSet<int> applied;
    {
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("SELECT version FROM schema_migrations")))
            return fail(sqlError(q));
        while (q.next())
            applied.insert(q.value(0).toInt());
    }
    QStringList done;
    for (const Migration &m : embedded()) {
        if (applied.contains(m.version))
            continue;
        if (!db.transaction())
            return fail(QStringLiteral("cannot begin a transaction for migration %1").arg(m.name));
        auto r = exec(db, m.sql);
        if (r) {
            QSqlQuery ins(db);
            ins.prepare(QStringLiteral("INSERT INTO schema_migrations (version, name) VALUES (?, ?)"));
            ins.addBindValue(m.version);
            ins.addBindValue(m.name);
            if (!ins.exec())
                r = fail(sqlError(ins));
        }
        if (!r) {
            db.rollback();
            return fail(QStringLiteral("migration %1 failed: %2").arg(m.name, r.error()));
        }
        if (!db.commit())
            return fail(QStringLiteral("migration %1 could not be committed").arg(m.name));
        spdlog::info("migrate: applied {}", qs(m.name));
        done << m.name;
    }
    return done;
}

} // namespace crosslogic
