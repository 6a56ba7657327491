-- Spend controls (docs/billing.md "Budgets and prepaid credit"): budgets per API key, environment and tenant, and a
-- prepaid credit balance per tenant with its ledger. Money is integer micro-units of the tenant's currency, like
-- usage_records.cost_micros; never floating point.
CREATE TABLE budgets (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id       uuid NOT NULL REFERENCES tenants(id),
    level           text NOT NULL CHECK (level IN ('key', 'environment', 'tenant')),
    scope_id        uuid NOT NULL,  -- api_keys.id, environments.id or tenants.id, by level
    amount_micros   bigint NOT NULL CHECK (amount_micros > 0),
    period          text NOT NULL CHECK (period IN ('daily', 'monthly', 'lifetime')),
    thresholds      integer[] NOT NULL DEFAULT '{50,80,100}'
                    CHECK (cardinality(thresholds) BETWEEN 1 AND 10 AND 0 < ALL (thresholds) AND 100 >= ALL (thresholds)),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (level, scope_id)
);
CREATE INDEX idx_budgets_tenant ON budgets(tenant_id);

-- A prepaid tenant (prepaid_since set) is served only while its balance covers a request's maximum cost:
-- balance = sum of its credits - cost of its usage since prepaid_since.
ALTER TABLE tenants ADD COLUMN IF NOT EXISTS prepaid_since timestamptz;

CREATE TABLE credit_ledger (
    id                      bigserial PRIMARY KEY,
    tenant_id               uuid NOT NULL REFERENCES tenants(id),
    amount_micros           bigint NOT NULL CHECK (amount_micros > 0),  -- a top-up; spending is usage_records
    source                  text NOT NULL CHECK (source IN ('admin', 'stripe')),
    reference               text,   -- the Stripe event id, or the operator's reference
    credited_total_micros   bigint NOT NULL CHECK (credited_total_micros >= amount_micros),
    balance_after_micros    bigint NOT NULL CHECK (balance_after_micros >= 0),
    audit_id                bigint,
    created_at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_credit_ledger_tenant ON credit_ledger(tenant_id, id);
-- One credit per Stripe event, however often it is delivered.
CREATE UNIQUE INDEX idx_credit_ledger_stripe_event ON credit_ledger(reference) WHERE source = 'stripe';
-- Spend per key and environment and period (budgets and their reconciliation sum usage_records by level).
CREATE INDEX IF NOT EXISTS idx_usage_key_time ON usage_records(api_key_id, timestamp);
CREATE INDEX IF NOT EXISTS idx_usage_env_time ON usage_records(environment_id, timestamp);
