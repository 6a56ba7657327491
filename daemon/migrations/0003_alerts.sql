-- Alerts (docs/alerts.md): what the alert engine decided, its history, its settings and where it tells operators.
-- Additive: new tables only.

-- One row per alert episode: opened pending, maybe firing, closed resolved. At most one open row per fingerprint
-- (the rule and the objects it is about).
CREATE TABLE alerts (
    id                  bigserial PRIMARY KEY,
    rule                text NOT NULL,
    fingerprint         text NOT NULL,
    severity            text NOT NULL CHECK (severity IN ('critical', 'warning', 'info')),
    state               text NOT NULL CHECK (state IN ('pending', 'firing', 'resolved')),
    section             text NOT NULL,
    summary             text NOT NULL,
    objects             jsonb NOT NULL DEFAULT '[]',
    value               double precision,
    threshold           double precision,
    remediations        jsonb NOT NULL DEFAULT '[]',
    started_at          timestamptz NOT NULL DEFAULT now(),
    firing_at           timestamptz,
    resolved_at         timestamptz,
    last_true_at        timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    acknowledged_by     text,
    acknowledged_at     timestamptz,
    silenced_until      timestamptz,
    silenced_by         text,
    remediated_by_audit bigint,
    remediated_at       timestamptz,
    remediation_outcome text CHECK (remediation_outcome IN ('resolved', 'still_firing'))
);
CREATE UNIQUE INDEX idx_alerts_open ON alerts(fingerprint) WHERE state <> 'resolved';
CREATE INDEX idx_alerts_updated ON alerts(updated_at);

-- Every transition (firing, resolved, acknowledged, silenced, unsilenced, remediated), in order: the admin SSE
-- stream reads it (its ids are the stream's event ids) and notifications are made from it.
CREATE TABLE alert_events (
    id          bigserial PRIMARY KEY,
    alert_id    bigint NOT NULL REFERENCES alerts(id),
    transition  text NOT NULL,
    alert       jsonb NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_alert_events_created ON alert_events(created_at);

-- Thresholds and durations changed at run time (PATCH /admin/alerts/rules/{rule}); absent: the built-in default.
CREATE TABLE alert_rule_settings (
    rule        text PRIMARY KEY,
    params      jsonb NOT NULL,
    updated_by  text,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Where notifications go: a generic JSON webhook, a Slack incoming webhook or PagerDuty Events v2.
CREATE TABLE alert_targets (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name            text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
    kind            text NOT NULL CHECK (kind IN ('webhook', 'slack', 'pagerduty')),
    url             text NOT NULL,
    routing_key     text,
    min_severity    text NOT NULL DEFAULT 'warning' CHECK (min_severity IN ('critical', 'warning', 'info')),
    sections        text[],
    enabled         boolean NOT NULL DEFAULT true,
    created_by      text,
    created_at      timestamptz NOT NULL DEFAULT now()
);

-- The outbox: one row per transition and target, claimed by one replica at a time (FOR UPDATE SKIP LOCKED).
CREATE TABLE alert_notifications (
    id              bigserial PRIMARY KEY,
    event_id        bigint NOT NULL REFERENCES alert_events(id),
    target_id       uuid NOT NULL REFERENCES alert_targets(id) ON DELETE CASCADE,
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    sent_at         timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (event_id, target_id)
);
CREATE INDEX idx_alert_notifications_due ON alert_notifications(status, next_attempt_at);

-- Each running replica's own signals (version, schema level, Redis, pool, spool, breakers), refreshed every few
-- seconds; the evaluating replica reads those seen recently.
CREATE TABLE replicas (
    id              text PRIMARY KEY,
    version         text NOT NULL,
    schema_version  integer NOT NULL,
    started_at      timestamptz NOT NULL,
    last_seen_at    timestamptz NOT NULL DEFAULT now(),
    signals         jsonb NOT NULL DEFAULT '{}'
);

-- Which replica evaluates the rules: a lease it renews; another takes it over once it expires.
CREATE TABLE alert_lease (
    id          integer PRIMARY KEY CHECK (id = 1),
    holder      text NOT NULL,
    expires_at  timestamptz NOT NULL
);
