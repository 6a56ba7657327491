// How a webhook URL is shown anywhere (API answers, logs, audit): the path and query, which hold the secret of a
// Slack or generic webhook, are never shown. Alert notification targets and tenants' billing contacts use it.
#pragma once

#include <QString>

namespace crosslogic {

// scheme://host[:port], then "/****" for a path, "/?****" for a query alone; "****" for what is not a URL with a host.
QString maskWebhookUrl(const QString &url);

} // namespace crosslogic
