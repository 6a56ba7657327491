-- Singleton background jobs (node reconciliation, the Stripe export, webhook retries, spend reconciliation): one
-- replica at a time holds a job's row and runs it; it renews expires_at on every pass, and another replica takes the
-- row over only once expires_at has passed (base/joblease.cpp). The alert evaluator keeps its own alert_lease.
CREATE TABLE job_leases (
    job          text PRIMARY KEY,
    holder       text NOT NULL,
    acquired_at  timestamptz NOT NULL DEFAULT now(),
    renewed_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL
);
