// Connect dialog: profile name, daemon URL, admin token, "remember token" (keychain) or not.
#pragma once

#include "app/connectionprofile.h"

#include <QDialog>

class QComboBox;
class QLineEdit;
class QCheckBox;
class QLabel;

namespace crosslogic::console {

class TokenStore;

class ConnectDialog : public QDialog
{
    Q_OBJECT
public:
    ConnectDialog(TokenStore *tokens, QWidget *parent = nullptr);
    // The chosen profile; saves it (URL, remember flag) and hands the token to the store.
    ConnectionProfile profile() const;

private:
    void profileChosen(const QString &name);
    void updateWarning();

    TokenStore *m_tokens;
    QComboBox *m_profile;
    QLineEdit *m_url;
    QLineEdit *m_token;
    QCheckBox *m_remember;
    QLabel *m_warning;
};

} // namespace crosslogic::console
