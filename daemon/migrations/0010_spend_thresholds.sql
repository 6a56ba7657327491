-- Soft budget thresholds (docs/billing.md "Thresholds and the billing contact"): the tenant's billing-contact webhook
-- and billing anchor day,
-- and one row per budget, period and threshold crossed. Every replica looks for crossings; whichever inserts the row
-- first owns it (the primary key), so a threshold is notified once per period however many replicas run. The row is
-- also the webhook's outbox (status, attempts, next_attempt_at).
ALTER TABLE tenants ADD COLUMN IF NOT EXISTS billing_webhook_url text;
-- Monthly budgets reset on this day of the month (the last day of a shorter month); 1: the calendar month.
ALTER TABLE tenants ADD COLUMN IF NOT EXISTS billing_anchor_day smallint NOT NULL DEFAULT 1
    CHECK (billing_anchor_day BETWEEN 1 AND 31);

CREATE TABLE budget_threshold_crossings (
    budget_id       uuid NOT NULL REFERENCES budgets(id) ON DELETE CASCADE,
    period_start    timestamptz NOT NULL,  -- the budget's period (-infinity: lifetime)
    threshold       integer NOT NULL CHECK (threshold BETWEEN 1 AND 100),
    tenant_id       uuid NOT NULL REFERENCES tenants(id),
    level           text NOT NULL,
    scope_id        uuid NOT NULL,
    period          text NOT NULL,
    amount_micros   bigint NOT NULL,
    spent_micros    bigint NOT NULL,       -- what usage_records billed in the period when the crossing was seen
    crossed_at      timestamptz NOT NULL DEFAULT now(),
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'no_contact')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    sent_at         timestamptz,
    PRIMARY KEY (budget_id, period_start, threshold)
);
CREATE INDEX idx_budget_threshold_due ON budget_threshold_crossings(status, next_attempt_at);
CREATE INDEX idx_budget_threshold_tenant ON budget_threshold_crossings(tenant_id, crossed_at);
