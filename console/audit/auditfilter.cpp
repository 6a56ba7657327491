// The audit log's filters as GET /admin/audit takes them.
#include "audit/auditfilter.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QTimer>

namespace crosslogic::console {

namespace {
constexpr int kCustom = -1;

QLineEdit *filterEdit(const QString &name, const QString &placeholder, const QString &accessible, QWidget *parent)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(name);
    edit->setPlaceholderText(placeholder);
    edit->setAccessibleName(accessible);
    edit->setClearButtonEnabled(true);
    return edit;
}
} // namespace

AuditFilter::AuditFilter(QWidget *parent)
    : QWidget(parent), m_actor(filterEdit(QStringLiteral("auditActor"), tr("Actor (token name)"), tr("Actor"), this)),
      m_action(filterEdit(QStringLiteral("auditAction"), tr("Action, e.g. api_key.*"), tr("Action"), this)),
      m_target(filterEdit(QStringLiteral("auditTarget"), tr("Target (id or name)"), tr("Target"), this)), m_result(new QComboBox(this)),
      m_period(new QComboBox(this)), m_since(new QDateTimeEdit(this)), m_until(new QDateTimeEdit(this))
{
    m_result->setObjectName(QStringLiteral("auditResult"));
    m_result->setAccessibleName(tr("Result"));
    m_result->addItem(tr("Any result"), QString());
    m_result->addItem(tr("OK"), QStringLiteral("ok"));
    m_result->addItem(tr("Error"), QStringLiteral("error"));
    m_period->setObjectName(QStringLiteral("auditPeriod"));
    m_period->setAccessibleName(tr("Time range"));
    m_period->addItem(tr("Any time"), 0);
    m_period->addItem(tr("Last hour"), 3600);
    m_period->addItem(tr("Last 24 h"), 86400);
    m_period->addItem(tr("Last 7 days"), 7 * 86400);
    m_period->addItem(tr("Between…"), kCustom);
    for (QDateTimeEdit *edit : {m_since, m_until}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
        edit->setEnabled(false);
    }
    m_since->setAccessibleName(tr("Since"));
    m_until->setAccessibleName(tr("Until"));
    m_since->setDateTime(QDateTime::currentDateTime().addDays(-1));
    m_until->setDateTime(QDateTime::currentDateTime().addSecs(3600));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_actor, 2);
    layout->addWidget(m_action, 2);
    layout->addWidget(m_target, 3);
    layout->addWidget(m_result);
    layout->addWidget(m_period);
    layout->addWidget(m_since);
    layout->addWidget(new QLabel(QStringLiteral("–"), this));
    layout->addWidget(m_until);

    // Typing waits for a pause before asking the daemon again.
    auto *typing = new QTimer(this);
    typing->setSingleShot(true);
    typing->setInterval(400);
    connect(typing, &QTimer::timeout, this, &AuditFilter::changed);
    for (QLineEdit *edit : {m_actor, m_action, m_target}) {
        connect(edit, &QLineEdit::textEdited, typing, qOverload<>(&QTimer::start));
        connect(edit, &QLineEdit::returnPressed, this, &AuditFilter::changed);
    }
    connect(m_result, &QComboBox::currentIndexChanged, this, &AuditFilter::changed);
    connect(m_period, &QComboBox::currentIndexChanged, this, [this] {
        const bool custom = m_period->currentData().toInt() == kCustom;
        m_since->setEnabled(custom);
        m_until->setEnabled(custom);
        emit changed();
    });
    for (QDateTimeEdit *edit : {m_since, m_until})
        connect(edit, &QDateTimeEdit::editingFinished, this, &AuditFilter::changed);
}

QUrlQuery AuditFilter::query() const
{
    QUrlQuery q;
    const auto add = [&q](const char *name, const QString &value) {
        if (!value.trimmed().isEmpty())
            q.addQueryItem(QString::fromLatin1(name), value.trimmed());
    };
    add("token_name", m_actor->text());
    add("action", m_action->text());
    add("target", m_target->text());
    add("result", m_result->currentData().toString());
    const int period = m_period->currentData().toInt();
    if (period == kCustom) {
        add("since", m_since->dateTime().toUTC().toString(Qt::ISODate));
        add("until", m_until->dateTime().toUTC().toString(Qt::ISODate));
    } else if (period > 0) {
        add("since", QDateTime::currentDateTimeUtc().addSecs(-period).toString(Qt::ISODate));
    }
    q.addQueryItem(QStringLiteral("limit"), QStringLiteral("500"));
    return q;
}

} // namespace crosslogic::console
