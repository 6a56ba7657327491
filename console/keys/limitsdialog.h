// Edits a key's limits (requests/min, tokens/min, concurrency); 0 means "no key-level limit" (JSON null).
#pragma once

#include <QDialog>
#include <QJsonObject>

class QSpinBox;

namespace crosslogic::console {

class LimitsDialog : public QDialog
{
    Q_OBJECT
public:
    LimitsDialog(const QJsonObject &key, QWidget *parent = nullptr);
    // Only the fields that changed, as the PATCH body.
    QJsonObject changes() const;

private:
    QJsonObject m_key;
    QSpinBox *m_requests;
    QSpinBox *m_tokens;
    QSpinBox *m_concurrency;
};

} // namespace crosslogic::console
