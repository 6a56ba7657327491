-- A Stripe customer belongs to one tenant: webhooks act on "the" tenant of a customer id, so two tenants sharing one
-- would have only one of them billed or suspended. Refuses to migrate (naming the ids) while duplicates exist, so
-- an operator decides which tenant keeps each id; nothing is changed behind their back.
DO $$
DECLARE dupes text;
BEGIN
    SELECT string_agg(stripe_customer_id || ' (' || n || ' tenants)', ', ') INTO dupes
      FROM (SELECT stripe_customer_id, count(*) AS n FROM tenants WHERE stripe_customer_id IS NOT NULL
             GROUP BY stripe_customer_id HAVING count(*) > 1) d;
    IF dupes IS NOT NULL THEN
        RAISE EXCEPTION 'stripe_customer_id shared by several tenants: %; clear it on all but one (UPDATE tenants SET stripe_customer_id = NULL WHERE id = ...) and migrate again', dupes;
    END IF;
END $$;
CREATE UNIQUE INDEX IF NOT EXISTS idx_tenants_stripe_customer_unique ON tenants(stripe_customer_id) WHERE stripe_customer_id IS NOT NULL;
