-- An engine's usage report the gateway did not believe (negative, or more tokens than the prompt and the answer
-- can hold): the row is billed from the gateway's own count and says so; the engine's claim is kept beside it.
ALTER TABLE usage_records
  ADD COLUMN usage_flag text,
  ADD COLUMN engine_prompt_tokens bigint,
  ADD COLUMN engine_completion_tokens bigint;
-- The alert engine looks for recent flagged rows; almost every row has no flag.
CREATE INDEX idx_usage_flagged ON usage_records (timestamp) WHERE usage_flag IS NOT NULL;
