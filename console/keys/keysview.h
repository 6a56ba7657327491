// Keys & tenants: look a key up by prefix, see why it is (in)valid, and fix it (revoke/activate, tenant, cache, limits).
#pragma once

#include "common/consoleview.h"

#include <QJsonObject>

class QLineEdit;
class QTableView;
class QPushButton;
class QLabel;

namespace crosslogic::console {

class KeyTableModel;

class KeysView : public ConsoleView
{
    Q_OBJECT
public:
    explicit KeysView(const ViewContext &context, QWidget *parent = nullptr);
    KeyTableModel *model() const { return m_model; }
    void lookUp(const QString &prefix);
    bool selectKey(const QString &id);
    QPushButton *revokeButton() const { return m_revoke; }

public slots:
    void refresh() override;

signals:
    void keySelected(const QString &keyId);

protected:
    void applyRole() override;

private:
    QJsonObject selectedKey() const;
    void updateDetail();
    void keyAction(const QString &path, const QByteArray &method, const QString &title, const QString &description,
                   const QJsonObject &body = {});

    KeyTableModel *m_model;
    QTableView *m_table;
    QLineEdit *m_prefix;
    QLabel *m_verdict;
    QLabel *m_detail;
    QPushButton *m_revoke;
    QPushButton *m_activate;
    QPushButton *m_activateTenant;
    QPushButton *m_activateEnvironment;
    QPushButton *m_clearCache;
    QPushButton *m_limits;
    QString m_query;
};

} // namespace crosslogic::console
