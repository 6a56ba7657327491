// A fresh, migrated database on the private PostgreSQL cluster for one test; dropped at the end.
#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QVariant>

namespace crosslogic::test {

class TestDatabase
{
public:
    // migrate: run `crosslogicd migrate` against it (the real command).
    explicit TestDatabase(bool migrate = true);
    ~TestDatabase();

    QString name() const { return m_name; }
    QString url() const;
    // An open connection for assertions (blocking is fine in tests).
    QSqlDatabase db();
    // First column of the first row, or an invalid QVariant; fails the test on SQL errors.
    QVariant scalar(const QString &sql);
    // Runs psql -d <this database> -c sql, as the runbook does; returns exit code, output in *out.
    int psql(const QString &sql, QString *out = nullptr) const;

private:
    QString m_name;
    QString m_connection;
};

} // namespace crosslogic::test
