// Rate limits: counters against limits for a key, environment or tenant (GET /admin/ratelimits/{level}/{id}),
// a chart of the last minutes, and clearing the counters.
#include "ratelimits/ratelimitsview.h"

#include "adminclient/adminclient.h"
#include "common/actionrunner.h"
#include "ratelimits/limitbar.h"

#include <QChartView>
#include <QComboBox>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QPushButton>
#include <QValueAxis>
#include <QVBoxLayout>

namespace crosslogic::console {

namespace {
// Reads a number defensively: the endpoint is new and fields may be missing or null.
double number(const QJsonObject &o, const char *group, const char *field, double fallback)
{
    const QJsonValue v = o.value(QLatin1String(group)).toObject().value(QLatin1String(field));
    return v.isDouble() ? v.toDouble() : fallback;
}
} // namespace

RateLimitsView::RateLimitsView(const ViewContext &context, QWidget *parent)
    : ConsoleView(context, QStringLiteral("ratelimits"), tr("Rate limits"), 3000, parent),
      m_level(new QComboBox(content())), m_id(new QLineEdit(content())), m_status(new QLabel(content())),
      m_requests(new LimitBar(tr("Requests this minute"), content())),
      m_tokens(new LimitBar(tr("Tokens this minute"), content())),
      m_concurrency(new LimitBar(tr("Concurrent requests"), content())),
      m_clear(new QPushButton(tr("Clear counters"), content())),
      m_chart(new QChartView(new QChart, content())), m_requestSeries(new QLineSeries),
      m_concurrencySeries(new QLineSeries), m_timeAxis(new QDateTimeAxis), m_valueAxis(new QValueAxis)
{
    m_level->addItem(tr("API key"), QStringLiteral("key"));
    m_level->addItem(tr("Environment"), QStringLiteral("env"));
    m_level->addItem(tr("Tenant"), QStringLiteral("tenant"));
    m_id->setPlaceholderText(tr("ID (UUID) — or pick a key in Keys & tenants"));
    auto *show = new QPushButton(tr("Show"), content());
    auto *layout = new QVBoxLayout(content());
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_level);
    bar->addWidget(m_id, 1);
    bar->addWidget(show);
    bar->addWidget(m_clear);
    layout->addLayout(bar);
    layout->addWidget(m_status);
    auto *box = new QGroupBox(tr("Counters against limits"), content());
    auto *bars = new QVBoxLayout(box);
    bars->addWidget(m_requests);
    bars->addWidget(m_tokens);
    bars->addWidget(m_concurrency);
    layout->addWidget(box);

    // QChartView(QWidget*) would make a default chart that setChart() only releases, never deletes (LeakSanitizer):
    // the view gets its chart at construction and owns it.
    QChart *chart = m_chart->chart();
    chart->setTitle(tr("Last minutes"));
    m_requestSeries->setName(tr("Requests this minute"));
    m_concurrencySeries->setName(tr("Concurrent requests"));
    chart->addSeries(m_requestSeries);
    chart->addSeries(m_concurrencySeries);
    m_timeAxis->setFormat(QStringLiteral("HH:mm:ss"));
    m_valueAxis->setLabelFormat(QStringLiteral("%.0f"));
    m_valueAxis->setRange(0, 10);
    chart->addAxis(m_timeAxis, Qt::AlignBottom);
    chart->addAxis(m_valueAxis, Qt::AlignLeft);
    for (QLineSeries *s : {m_requestSeries, m_concurrencySeries}) {
        s->attachAxis(m_timeAxis);
        s->attachAxis(m_valueAxis);
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_timeAxis->setRange(QDateTime::fromMSecsSinceEpoch(now - 60000), QDateTime::fromMSecsSinceEpoch(now));
    chart->legend()->setAlignment(Qt::AlignTop);
    m_chart->setRenderHint(QPainter::Antialiasing);
    layout->addWidget(m_chart, 1);

    connect(show, &QPushButton::clicked, this, [this] { setTarget(m_level->currentData().toString(), m_id->text()); });
    connect(m_clear, &QPushButton::clicked, this, [this] {
        const QString level = m_level->currentData().toString();
        const QString id = m_id->text().trimmed();
        if (id.isEmpty())
            return;
        m_ctx.actions->run({tr("Clear rate-limit counters"), tr("Resets the minute windows and the concurrency counter (temporary relief, runbook §2.1)."),
                            "DELETE", QStringLiteral("/admin/ratelimits/%1/%2").arg(level, id)},
                           this, [this](const AdminResponse &) { refresh(); });
    });
    m_status->setText(tr("Choose a key, environment or tenant."));
}

void RateLimitsView::applyRole()
{
    gate(m_clear, "limits", tr("Clear the counters"));
}

void RateLimitsView::suggestKey(const QString &id)
{
    // The view follows the key selected in Keys & tenants, every time (not only the first): picking a key is
    // the operator's explicit choice; a target typed here stays until the next pick.
    if (!id.isEmpty() && !(m_level->currentData().toString() == QLatin1String("key") && m_id->text().trimmed() == id))
        setTarget(QStringLiteral("key"), id);
}

QString RateLimitsView::targetId() const
{
    return m_id->text().trimmed();
}

void RateLimitsView::setTarget(const QString &level, const QString &id)
{
    m_level->setCurrentIndex(std::max(0, m_level->findData(level)));
    if (m_id->text().trimmed() != id.trimmed()) {
        m_id->setText(id.trimmed());
        m_requestSeries->clear();
        m_concurrencySeries->clear();
    }
    refresh();
}

void RateLimitsView::refresh()
{
    const QString id = m_id->text().trimmed();
    if (id.isEmpty()) {
        markLoaded();
        return;
    }
    const QString path = QStringLiteral("/admin/ratelimits/%1/%2").arg(m_level->currentData().toString(), id);
    m_ctx.client->get(path, this, [this](const AdminResponse &r) {
        if (r.ok())
            show(r.object());
        else if (r.notFound() && r.errorMessage().startsWith(QLatin1String("no route")))
            m_status->setText(tr("Rate-limit counters are not available on this server (GET /admin/ratelimits is missing)."));
        else
            m_status->setText(tr("Could not read the counters: %1").arg(r.errorMessage()));
        if (r.reachable())
            markLoaded();
    });
}

void RateLimitsView::show(const QJsonObject &answer)
{
    const double requests = number(answer, "current", "requests", 0);
    const double tokens = number(answer, "current", "tokens", 0);
    const double concurrency = number(answer, "current", "concurrency", 0);
    m_requests->setValues(requests, number(answer, "limits", "requests_per_min", -1));
    m_tokens->setValues(tokens, number(answer, "limits", "tokens_per_min", -1));
    m_concurrency->setValues(concurrency, number(answer, "limits", "concurrency", -1));
    m_status->setText(tr("Counters of %1 %2, read %3").arg(m_level->currentText(), m_id->text(), QTime::currentTime().toString(QStringLiteral("HH:mm:ss"))));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_requestSeries->append(double(now), requests);
    m_concurrencySeries->append(double(now), concurrency);
    while (m_requestSeries->count() > kMaxPoints) {
        m_requestSeries->remove(0);
        m_concurrencySeries->remove(0);
    }
    double top = 10;
    for (const QLineSeries *s : {m_requestSeries, m_concurrencySeries})
        for (const QPointF &p : s->points())
            top = std::max(top, p.y() * 1.2);
    m_valueAxis->setRange(0, top);
    m_timeAxis->setRange(QDateTime::fromMSecsSinceEpoch(std::min(qint64(m_requestSeries->at(0).x()), now - 60000)), QDateTime::fromMSecsSinceEpoch(now));
}

} // namespace crosslogic::console
