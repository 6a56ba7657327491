-- CrossLogic schema, version 1: every table and column the operators' runbook reads or updates.
-- Migrations are additive (expand/contract): a release never drops or renames what the previous one uses.

CREATE TABLE tenants (
    id                          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name                        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    email                       text NOT NULL DEFAULT '',
    status                      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    status_reason               text,
    stripe_customer_id          text,
    rate_limit_requests_per_min integer CHECK (rate_limit_requests_per_min > 0),
    rate_limit_tokens_per_min   bigint CHECK (rate_limit_tokens_per_min > 0),
    concurrency_limit           integer CHECK (concurrency_limit > 0),
    created_at                  timestamptz NOT NULL DEFAULT now(),
    updated_at                  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE environments (
    id                          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id                   uuid NOT NULL REFERENCES tenants(id),
    name                        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    status                      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    rate_limit_requests_per_min integer CHECK (rate_limit_requests_per_min > 0),
    rate_limit_tokens_per_min   bigint CHECK (rate_limit_tokens_per_min > 0),
    concurrency_limit           integer CHECK (concurrency_limit > 0),
    created_at                  timestamptz NOT NULL DEFAULT now(),
    updated_at                  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, name)
);
CREATE INDEX idx_environments_tenant ON environments(tenant_id);

CREATE TABLE api_keys (
    id                          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id                   uuid NOT NULL REFERENCES tenants(id),
    environment_id              uuid NOT NULL REFERENCES environments(id),
    name                        text NOT NULL DEFAULT '',
    key_hash                    text NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),
    key_prefix                  text NOT NULL CHECK (length(key_prefix) = 12),
    status                      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
    expires_at                  timestamptz,
    rate_limit_requests_per_min integer CHECK (rate_limit_requests_per_min > 0),
    rate_limit_tokens_per_min   bigint CHECK (rate_limit_tokens_per_min > 0),
    concurrency_limit           integer CHECK (concurrency_limit > 0),
    last_used_at                timestamptz,
    revoked_at                  timestamptz,
    created_at                  timestamptz NOT NULL DEFAULT now(),
    updated_at                  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_api_keys_prefix ON api_keys(key_prefix);
CREATE INDEX idx_api_keys_tenant ON api_keys(tenant_id);

CREATE TABLE models (
    name                            text PRIMARY KEY,
    input_price_micros_per_mtok     bigint NOT NULL DEFAULT 0 CHECK (input_price_micros_per_mtok >= 0),
    output_price_micros_per_mtok    bigint NOT NULL DEFAULT 0 CHECK (output_price_micros_per_mtok >= 0),
    created_at                      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE nodes (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    cluster_name        text NOT NULL,
    provider            text NOT NULL,
    region              text NOT NULL DEFAULT '',
    instance_type       text NOT NULL DEFAULT '',
    spot                boolean NOT NULL DEFAULT false,
    status              text NOT NULL DEFAULT 'initializing'
                        CHECK (status IN ('initializing', 'active', 'draining', 'unhealthy', 'terminated', 'failed')),
    status_message      text,
    health_score        double precision NOT NULL DEFAULT 100 CHECK (health_score BETWEEN 0 AND 100),
    model_name          text NOT NULL DEFAULT '',
    endpoint_url        text,
    agent_version       text,
    engine_running      integer NOT NULL DEFAULT 0,
    engine_waiting      integer NOT NULL DEFAULT 0,
    kv_cache_usage      double precision NOT NULL DEFAULT 0,
    max_concurrency     integer NOT NULL DEFAULT 256,
    launch_spec         jsonb,
    last_heartbeat_at   timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_nodes_status ON nodes(status);
CREATE INDEX idx_nodes_model ON nodes(model_name);

CREATE TABLE routing_config (
    model_name  text PRIMARY KEY,  -- '*' is the default for every model
    strategy    text NOT NULL CHECK (strategy IN ('round_robin', 'least_loaded', 'least_latency', 'health_weighted')),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO routing_config (model_name, strategy) VALUES ('*', 'health_weighted');

CREATE TABLE usage_records (
    id                  bigserial PRIMARY KEY,
    request_id          text NOT NULL UNIQUE,
    tenant_id           uuid NOT NULL,
    environment_id      uuid,
    api_key_id          uuid,
    model_name          text NOT NULL DEFAULT '',
    node_id             uuid,
    prompt_tokens       integer NOT NULL DEFAULT 0 CHECK (prompt_tokens >= 0),
    completion_tokens   integer NOT NULL DEFAULT 0 CHECK (completion_tokens >= 0),
    total_tokens        integer NOT NULL DEFAULT 0 CHECK (total_tokens >= 0),
    cost_micros         bigint NOT NULL DEFAULT 0,
    latency_ms          integer NOT NULL DEFAULT 0,
    ttft_ms             integer,
    status              text NOT NULL DEFAULT 'completed' CHECK (status IN ('completed', 'interrupted', 'failed')),
    billed              boolean NOT NULL DEFAULT false,
    timestamp           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_usage_tenant_time ON usage_records(tenant_id, timestamp);
CREATE INDEX idx_usage_timestamp ON usage_records(timestamp);

CREATE TABLE request_logs (
    id                  bigserial PRIMARY KEY,
    request_id          text NOT NULL UNIQUE,
    tenant_id           uuid,
    environment_id      uuid,
    api_key_id          uuid,
    key_prefix          text,
    method              text NOT NULL DEFAULT '',
    path                text NOT NULL DEFAULT '',
    model_name          text,
    node_id             uuid,
    status_code         integer NOT NULL DEFAULT 0,
    status              text NOT NULL DEFAULT 'completed'
                        CHECK (status IN ('completed', 'interrupted', 'failed', 'rejected')),
    reason              text,
    prompt_tokens       integer NOT NULL DEFAULT 0,
    completion_tokens   integer NOT NULL DEFAULT 0,
    latency_ms          integer NOT NULL DEFAULT 0,
    ttft_ms             integer,
    created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_request_logs_created ON request_logs(created_at);
CREATE INDEX idx_request_logs_tenant ON request_logs(tenant_id, created_at);

CREATE TABLE billing_events (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id        text NOT NULL UNIQUE,
    event_type      text NOT NULL,
    tenant_id       uuid,
    payload         jsonb NOT NULL,
    processed       boolean NOT NULL DEFAULT false,
    retry_count     integer NOT NULL DEFAULT 0 CHECK (retry_count >= 0),
    error           text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    processed_at    timestamptz
);
CREATE INDEX idx_billing_events_pending ON billing_events(processed, created_at);

CREATE TABLE billing_exports (
    id              bigserial PRIMARY KEY,
    identifier      text NOT NULL UNIQUE,
    tenant_id       uuid NOT NULL REFERENCES tenants(id),
    period_start    timestamptz NOT NULL,
    period_end      timestamptz NOT NULL,
    quantity        bigint NOT NULL CHECK (quantity >= 0),
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        integer NOT NULL DEFAULT 0,
    last_error      text,
    sent_at         timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE admin_tokens (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name            text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
    role            text NOT NULL CHECK (role IN ('support', 'sre', 'admin')),
    token_hash      text NOT NULL UNIQUE,
    token_prefix    text NOT NULL,
    created_by      text,
    revoked_at      timestamptz,
    last_used_at    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE audit_log (
    id              bigserial PRIMARY KEY,
    created_at      timestamptz NOT NULL DEFAULT now(),
    token_name      text NOT NULL,
    role            text NOT NULL,
    action          text NOT NULL,
    target          text,
    parameters      jsonb NOT NULL DEFAULT '{}'::jsonb,
    result          text NOT NULL,
    dry_run         boolean NOT NULL DEFAULT false,
    request_id      text
);
CREATE INDEX idx_audit_log_created ON audit_log(created_at);
