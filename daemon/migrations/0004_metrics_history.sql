-- A compact history of what operators chart (GET /admin/metrics/history): one row per 10-second bucket, written
-- by the replica that evaluates alerts, kept 7 days. Additive.
CREATE TABLE metrics_history (
    ts      timestamptz PRIMARY KEY,
    sample  jsonb NOT NULL
);
