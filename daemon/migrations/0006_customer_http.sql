-- The customer API's HTTP details (issue 21). The OpenAI-Organization / OpenAI-Project headers a client sent,
-- recorded with its request (the gateway refuses values over 200 printable ASCII characters before they get here).
ALTER TABLE request_logs ADD COLUMN IF NOT EXISTS openai_organization text;
ALTER TABLE request_logs ADD COLUMN IF NOT EXISTS openai_project text;
-- Browser origins allowed to call the customer API with this tenant's keys (CORS): exact origins
-- (scheme://host[:port], lower case) or '*'; none by default. Set with PATCH /admin/tenants/{id}.
ALTER TABLE tenants ADD COLUMN IF NOT EXISTS cors_allowed_origins text[] NOT NULL DEFAULT '{}';
