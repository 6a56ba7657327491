// Connect dialog: profile name, daemon URL, admin token, "remember token" (keychain) or not.
#include "app/connectdialog.h"

#include "app/tokenstore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace crosslogic::console {

ConnectDialog::ConnectDialog(TokenStore *tokens, QWidget *parent)
    : QDialog(parent), m_tokens(tokens), m_profile(new QComboBox(this)), m_url(new QLineEdit(this)), m_token(new QLineEdit(this)),
      m_remember(new QCheckBox(tr("Remember the token in the system keychain"), this)), m_warning(new QLabel(this))
{
    setWindowTitle(tr("Connect to a CrossLogic daemon"));
    setMinimumWidth(520);
    m_profile->setEditable(true);
    m_profile->addItems(ConnectionProfile::savedNames());
    if (m_profile->count() == 0)
        m_profile->addItems({QStringLiteral("local"), QStringLiteral("staging"), QStringLiteral("production")});
    m_url->setPlaceholderText(QStringLiteral("http://localhost:8080"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("X-Admin-Token (clat_…)"));
    if (!m_tokens->keychainAvailable()) {
        m_remember->setEnabled(false);
        m_remember->setToolTip(m_tokens->unavailableReason());
        m_remember->setText(tr("Remember the token (unavailable: %1)").arg(m_tokens->unavailableReason()));
    }
    m_warning->setWordWrap(true);
    auto *form = new QFormLayout(this);
    form->addRow(tr("Profile"), m_profile);
    form->addRow(tr("Daemon URL"), m_url);
    form->addRow(tr("Admin token"), m_token);
    form->addRow(QString(), m_remember);
    form->addRow(m_warning);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->addButton(tr("Connect"), QDialogButtonBox::AcceptRole);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
    connect(m_profile, &QComboBox::currentTextChanged, this, &ConnectDialog::profileChosen);
    connect(m_url, &QLineEdit::textChanged, this, &ConnectDialog::updateWarning);
    profileChosen(m_profile->currentText());
}

void ConnectDialog::profileChosen(const QString &name)
{
    const ConnectionProfile saved = ConnectionProfile::loadSaved(name);
    if (!saved.url.isEmpty())
        m_url->setText(saved.url.toString());
    if (m_remember->isEnabled())
        m_remember->setChecked(saved.rememberToken);
    m_tokens->load(name, this, [this, name](const QString &token) {
        if (m_profile->currentText() == name && !token.isEmpty())
            m_token->setText(token);
    });
    updateWarning();
}

void ConnectDialog::updateWarning()
{
    ConnectionProfile p;
    p.name = m_profile->currentText();
    p.url = QUrl(m_url->text().trimmed());
    m_warning->setText(p.isProduction() ? tr("<b style='color:#c62828'>Production:</b> actions change the live service.") : QString());
}

ConnectionProfile ConnectDialog::profile() const
{
    ConnectionProfile p;
    p.name = m_profile->currentText().trimmed();
    p.url = QUrl(m_url->text().trimmed());
    p.token = m_token->text().trimmed();
    p.rememberToken = m_remember->isEnabled() && m_remember->isChecked();
    p.save();
    m_tokens->store(p.name, p.token, p.rememberToken);
    return p;
}

} // namespace crosslogic::console
