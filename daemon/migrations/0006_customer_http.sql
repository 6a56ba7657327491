-- The customer API's HTTP details (issue 21): the OpenAI-Organization / OpenAI-Project headers a client sent,
-- recorded with its request (the gateway refuses values over 200 printable ASCII characters before they get here).
ALTER TABLE request_logs ADD COLUMN IF NOT EXISTS openai_organization text;
ALTER TABLE request_logs ADD COLUMN IF NOT EXISTS openai_project text;
