-- Why an operator did what they did: the console's reason field (X-Audit-Reason), stored with the audit row.
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS reason text;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_reason_length CHECK (reason IS NULL OR char_length(reason) <= 500);
