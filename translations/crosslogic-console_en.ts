<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>ConsoleOptions</name>
    <message>
        <source>CrossLogic operations console (admin API only).</source>
        <translation />
    </message>
    <message>
        <source>Connect to this daemon at once, with the token from CROSSLOGIC_ADMIN_TOKEN.</source>
        <translation />
    </message>
    <message>
        <source>URL</source>
        <translation />
    </message>
    <message>
        <source>Profile name shown in the banner (e.g. staging, production).</source>
        <translation />
    </message>
    <message>
        <source>NAME</source>
        <translation />
    </message>
    <message>
        <source>Render every view to DIR/&lt;view&gt;.png once its data loaded, then exit.</source>
        <translation />
    </message>
    <message>
        <source>DIR</source>
        <translation />
    </message>
    <message>
        <source>Contact-escalation JSON file (runbook §10).</source>
        <translation />
    </message>
    <message>
        <source>FILE</source>
        <translation />
    </message>
</context>
<context>
    <name>DetailFormat</name>
    <message>
        <source>yes</source>
        <translation />
    </message>
    <message>
        <source>no</source>
        <translation />
    </message>
    <message>
        <source>unlimited</source>
        <translation />
    </message>
    <message>
        <source>%1 (no limit)</source>
        <translation />
    </message>
    <message>
        <source>%1 of %2 (%3 %)</source>
        <translation />
    </message>
    <message>
        <source>in the future</source>
        <translation />
    </message>
    <message>
        <source>%1 s ago</source>
        <translation />
    </message>
    <message>
        <source>%1 min ago</source>
        <translation />
    </message>
    <message>
        <source>%1 h ago</source>
        <translation />
    </message>
    <message>
        <source>%1 days ago</source>
        <translation />
    </message>
</context>
<context>
    <name>EscalationConfig</name>
    <message>
        <source>no "contacts" entries</source>
        <translation />
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation />
    </message>
    <message>
        <source>%1 — showing the default table</source>
        <translation />
    </message>
    <message>
        <source>built-in default (runbook §10)</source>
        <translation />
    </message>
    <message>
        <source>Infrastructure</source>
        <translation />
    </message>
    <message>
        <source>On-call SRE</source>
        <translation />
    </message>
    <message>
        <source>Platform Lead</source>
        <translation />
    </message>
    <message>
        <source>Database</source>
        <translation />
    </message>
    <message>
        <source>DBA on-call</source>
        <translation />
    </message>
    <message>
        <source>Database Lead</source>
        <translation />
    </message>
    <message>
        <source>Billing</source>
        <translation />
    </message>
    <message>
        <source>Billing team</source>
        <translation />
    </message>
    <message>
        <source>Finance Lead</source>
        <translation />
    </message>
    <message>
        <source>Security</source>
        <translation />
    </message>
    <message>
        <source>Security on-call</source>
        <translation />
    </message>
    <message>
        <source>Security Lead</source>
        <translation />
    </message>
    <message>
        <source>Customer-facing</source>
        <translation />
    </message>
    <message>
        <source>Support team</source>
        <translation />
    </message>
    <message>
        <source>Customer Success</source>
        <translation />
    </message>
</context>
<context>
    <name>KeyDetail</name>
    <message>
        <source>Key %1</source>
        <translation />
    </message>
    <message>
        <source>Key</source>
        <translation />
    </message>
    <message>
        <source>Name</source>
        <translation />
    </message>
    <message>
        <source>Prefix</source>
        <translation />
    </message>
    <message>
        <source>Id</source>
        <translation />
    </message>
    <message>
        <source>Status</source>
        <translation />
    </message>
    <message>
        <source>Expires</source>
        <translation />
    </message>
    <message>
        <source>never</source>
        <translation />
    </message>
    <message>
        <source>Last used</source>
        <translation />
    </message>
    <message>
        <source>Created</source>
        <translation />
    </message>
    <message>
        <source>What the gateway answers now</source>
        <translation />
    </message>
    <message>
        <source>Answer</source>
        <translation />
    </message>
    <message>
        <source>200 — key accepted (rate limits apply)</source>
        <translation />
    </message>
    <message>
        <source>Message</source>
        <translation />
    </message>
    <message>
        <source>Reason</source>
        <translation />
    </message>
    <message>
        <source>Rate limited</source>
        <translation />
    </message>
    <message>
        <source>429 for %1 of its %2 requests in the last %3 s</source>
        <translation />
    </message>
    <message>
        <source>Last %1 s at the gateway</source>
        <translation />
    </message>
    <message>
        <source>Requests</source>
        <translation />
    </message>
    <message>
        <source>Answered %1</source>
        <translation />
    </message>
    <message>
        <source>Belongs to</source>
        <translation />
    </message>
    <message>
        <source>Tenant</source>
        <translation />
    </message>
    <message>
        <source>Tenant status reason</source>
        <translation />
    </message>
    <message>
        <source>Environment</source>
        <translation />
    </message>
    <message>
        <source>&amp;Revoke key</source>
        <translation />
    </message>
    <message>
        <source>Revoke key %1</source>
        <translation />
    </message>
    <message>
        <source>Requests with this key are rejected with 401 at once, on every replica.</source>
        <translation />
    </message>
    <message>
        <source>Ac&amp;tivate key</source>
        <translation />
    </message>
    <message>
        <source>Activate key %1</source>
        <translation />
    </message>
    <message>
        <source>Accepts the key again (runbook §1.1).</source>
        <translation />
    </message>
    <message>
        <source>Clear auth &amp;cache</source>
        <translation />
    </message>
    <message>
        <source>Clear auth cache of %1</source>
        <translation />
    </message>
    <message>
        <source>Drops the cached validation everywhere; the next request re-validates.</source>
        <translation />
    </message>
    <message>
        <source>Limits and live use</source>
        <translation />
    </message>
    <message>
        <source>Requests per minute</source>
        <translation />
    </message>
    <message>
        <source>Tokens per minute</source>
        <translation />
    </message>
    <message>
        <source>Concurrent requests</source>
        <translation />
    </message>
    <message>
        <source>Minute resets in</source>
        <translation />
    </message>
    <message>
        <source>%1 s</source>
        <translation />
    </message>
</context>
<context>
    <name>MenuBar</name>
    <message>
        <source>&amp;File</source>
        <translation />
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation />
    </message>
    <message>
        <source>&amp;View</source>
        <translation />
    </message>
    <message>
        <source>&amp;Next view</source>
        <translation />
    </message>
    <message>
        <source>&amp;Previous view</source>
        <translation />
    </message>
    <message>
        <source>&amp;Details panel</source>
        <translation />
    </message>
    <message>
        <source>&amp;Actions</source>
        <translation />
    </message>
    <message>
        <source>&amp;Go to… (command bar)</source>
        <translation />
    </message>
    <message>
        <source>&amp;Back to the previous object</source>
        <translation />
    </message>
    <message>
        <source>&amp;Reload the details</source>
        <translation />
    </message>
    <message>
        <source>&amp;Help</source>
        <translation />
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation />
    </message>
    <message>
        <source>&amp;About CrossLogic Console</source>
        <translation />
    </message>
    <message>
        <source>About CrossLogic Console</source>
        <translation />
    </message>
    <message>
        <source>CrossLogic Console %1 — operations console for the CrossLogic inference platform.</source>
        <translation />
    </message>
</context>
<context>
    <name>NodeDetail</name>
    <message>
        <source>Health, last hour</source>
        <translation />
    </message>
    <message>
        <source>History</source>
        <translation />
    </message>
    <message>
        <source>no samples yet</source>
        <translation />
    </message>
    <message>
        <source>Lowest / highest</source>
        <translation />
    </message>
    <message>
        <source>Node %1</source>
        <translation />
    </message>
    <message>
        <source>Node</source>
        <translation />
    </message>
    <message>
        <source>Name</source>
        <translation />
    </message>
    <message>
        <source>Id</source>
        <translation />
    </message>
    <message>
        <source>Status</source>
        <translation />
    </message>
    <message>
        <source>Health score</source>
        <translation />
    </message>
    <message>
        <source>Last heartbeat</source>
        <translation />
    </message>
    <message>
        <source>never</source>
        <translation />
    </message>
    <message>
        <source> — stale</source>
        <translation />
    </message>
    <message>
        <source>Where</source>
        <translation />
    </message>
    <message>
        <source>Endpoint</source>
        <translation />
    </message>
    <message>
        <source>Gateway's view and recent errors</source>
        <translation />
    </message>
    <message>
        <source>Status message</source>
        <translation />
    </message>
    <message>
        <source>Circuit breaker</source>
        <translation />
    </message>
    <message>
        <source>not routed (only active nodes are)</source>
        <translation />
    </message>
    <message>
        <source>Failures / requests</source>
        <translation />
    </message>
    <message>
        <source>Consecutive failures</source>
        <translation />
    </message>
    <message>
        <source>Effective health</source>
        <translation />
    </message>
    <message>
        <source>Routing strategy</source>
        <translation />
    </message>
    <message>
        <source>Serves</source>
        <translation />
    </message>
    <message>
        <source>Model</source>
        <translation />
    </message>
    <message>
        <source>&amp;Drain node</source>
        <translation />
    </message>
    <message>
        <source>Drain node %1</source>
        <translation />
    </message>
    <message>
        <source>Stops routing new requests to the node; in-flight requests finish.</source>
        <translation />
    </message>
    <message>
        <source>Model %1</source>
        <translation />
    </message>
    <message>
        <source>Nodes</source>
        <translation />
    </message>
    <message>
        <source>Nodes (%1)</source>
        <translation />
    </message>
    <message>
        <source>%1, health %2%3</source>
        <translation />
    </message>
    <message>
        <source>, stale</source>
        <translation />
    </message>
    <message>
        <source>Routable nodes</source>
        <translation />
    </message>
</context>
<context>
    <name>ObjectRef</name>
    <message>
        <source>Key</source>
        <translation />
    </message>
    <message>
        <source>Tenant</source>
        <translation />
    </message>
    <message>
        <source>Environment</source>
        <translation />
    </message>
    <message>
        <source>Node</source>
        <translation />
    </message>
    <message>
        <source>Model</source>
        <translation />
    </message>
</context>
<context>
    <name>RetryVerdict</name>
    <message numerus="yes">
        <source>fixed: %n event(s) processed</source>
        <translation>
            <numerusform />
            <numerusform />
        </translation>
    </message>
    <message>
        <source>still failing after %1 s: %2 of %3 event(s) failed again — %4</source>
        <translation />
    </message>
    <message>
        <source>no verdict after %1 s: %2 of %3 event(s) still waiting for the billing worker</source>
        <translation />
    </message>
    <message>
        <source>re-processing %1 event(s)… %2 processed, %3 failed again so far</source>
        <translation />
    </message>
</context>
<context>
    <name>SpendDetail</name>
    <message>
        <source>Key budget</source>
        <translation />
    </message>
    <message>
        <source>Environment budget</source>
        <translation />
    </message>
    <message>
        <source>Tenant budget</source>
        <translation />
    </message>
    <message>
        <source>resets %1</source>
        <translation />
    </message>
    <message>
        <source>never resets</source>
        <translation />
    </message>
    <message>
        <source>%1 of %2 spent (%3 %), %4 left · %5</source>
        <translation />
    </message>
    <message>
        <source>Budgets and spend</source>
        <translation />
    </message>
    <message>
        <source>Budgets</source>
        <translation />
    </message>
    <message>
        <source>none — only rate limits apply</source>
        <translation />
    </message>
    <message>
        <source>Prepaid balance</source>
        <translation />
    </message>
    <message>
        <source>%1 of %2 credited</source>
        <translation />
    </message>
    <message>
        <source>postpaid (no prepaid credit)</source>
        <translation />
    </message>
    <message>
        <source>Set &amp;budget…</source>
        <translation />
    </message>
    <message>
        <source>Raise &amp;budget…</source>
        <translation />
    </message>
    <message>
        <source>Set budget of %1</source>
        <translation />
    </message>
    <message>
        <source>Raise budget of %1</source>
        <translation />
    </message>
    <message>
        <source>Caps the spend of %1 per day, month or lifetime; previewed before it applies.</source>
        <translation />
    </message>
</context>
<context>
    <name>SymptomCatalogue</name>
    <message>
        <source>401 errors</source>
        <translation />
    </message>
    <message>
        <source>Invalid API key</source>
        <translation />
    </message>
    <message>
        <source>Check key status</source>
        <translation />
    </message>
    <message>
        <source>Key, tenant and environment status</source>
        <translation />
    </message>
    <message>
        <source>Activate key</source>
        <translation />
    </message>
    <message>
        <source>Accepts the key again.</source>
        <translation />
    </message>
    <message>
        <source>Activate tenant</source>
        <translation />
    </message>
    <message>
        <source>Re-activates a suspended tenant.</source>
        <translation />
    </message>
    <message>
        <source>Activate environment</source>
        <translation />
    </message>
    <message>
        <source>Re-enables a disabled environment.</source>
        <translation />
    </message>
    <message>
        <source>Clear auth cache</source>
        <translation />
    </message>
    <message>
        <source>Forces re-validation on every replica.</source>
        <translation />
    </message>
    <message>
        <source>429 errors</source>
        <translation />
    </message>
    <message>
        <source>Rate limit exceeded</source>
        <translation />
    </message>
    <message>
        <source>Check rate-limit counters</source>
        <translation />
    </message>
    <message>
        <source>Configured limits</source>
        <translation />
    </message>
    <message>
        <source>Counters against limits</source>
        <translation />
    </message>
    <message>
        <source>Raise key limit to 120 requests/min</source>
        <translation />
    </message>
    <message>
        <source>As in the runbook: UPDATE api_keys SET rate_limit_requests_per_min = 120.</source>
        <translation />
    </message>
    <message>
        <source>Clear rate-limit counters</source>
        <translation />
    </message>
    <message>
        <source>Temporary relief: resets the minute window and concurrency counter.</source>
        <translation />
    </message>
    <message>
        <source>502/503 errors</source>
        <translation />
    </message>
    <message>
        <source>No healthy nodes</source>
        <translation />
    </message>
    <message>
        <source>Check node status, launch new nodes</source>
        <translation />
    </message>
    <message>
        <source>Quick health check</source>
        <translation />
    </message>
    <message>
        <source>Nodes</source>
        <translation />
    </message>
    <message>
        <source>Mark stale nodes draining</source>
        <translation />
    </message>
    <message>
        <source>Active nodes without a heartbeat stop receiving requests.</source>
        <translation />
    </message>
    <message>
        <source>Launch a node</source>
        <translation />
    </message>
    <message>
        <source>Starts a new node for the model.</source>
        <translation />
    </message>
    <message>
        <source>High latency</source>
        <translation />
    </message>
    <message>
        <source>Overloaded nodes</source>
        <translation />
    </message>
    <message>
        <source>Scale up, check load balancer</source>
        <translation />
    </message>
    <message>
        <source>Node health and load</source>
        <translation />
    </message>
    <message>
        <source>Routing strategy</source>
        <translation />
    </message>
    <message>
        <source>Switch to least-latency routing</source>
        <translation />
    </message>
    <message>
        <source>Routes each request to the node with the lowest recent latency.</source>
        <translation />
    </message>
    <message>
        <source>Adds capacity for the model.</source>
        <translation />
    </message>
    <message>
        <source>Missing usage data</source>
        <translation />
    </message>
    <message>
        <source>Billing job failed</source>
        <translation />
    </message>
    <message>
        <source>Check billing service</source>
        <translation />
    </message>
    <message>
        <source>Recent usage records</source>
        <translation />
    </message>
    <message>
        <source>Failed billing events</source>
        <translation />
    </message>
    <message>
        <source>Re-process failed billing events</source>
        <translation />
    </message>
    <message>
        <source>The billing worker retries them.</source>
        <translation />
    </message>
    <message>
        <source>Backfill usage</source>
        <translation />
    </message>
    <message>
        <source>Creates missing usage records from request logs.</source>
        <translation />
    </message>
</context>
<context>
    <name>TableLinks</name>
    <message>
        <source>Copy id</source>
        <translation />
    </message>
    <message>
        <source>Open %1</source>
        <translation />
    </message>
    <message>
        <source>Copy id: %1</source>
        <translation />
    </message>
</context>
<context>
    <name>TenantDetail</name>
    <message>
        <source>Keys</source>
        <translation />
    </message>
    <message>
        <source>Keys (%1)</source>
        <translation />
    </message>
    <message>
        <source>valid</source>
        <translation />
    </message>
    <message>
        <source>Tenant</source>
        <translation />
    </message>
    <message>
        <source>Tenant %1</source>
        <translation />
    </message>
    <message>
        <source>Name</source>
        <translation />
    </message>
    <message>
        <source>Id</source>
        <translation />
    </message>
    <message>
        <source>Email</source>
        <translation />
    </message>
    <message>
        <source>Status</source>
        <translation />
    </message>
    <message>
        <source>Status reason</source>
        <translation />
    </message>
    <message>
        <source>Created</source>
        <translation />
    </message>
    <message>
        <source>&amp;Suspend tenant</source>
        <translation />
    </message>
    <message>
        <source>Suspend tenant %1</source>
        <translation />
    </message>
    <message>
        <source>Every key of the tenant is refused with 403 tenant_suspended.</source>
        <translation />
    </message>
    <message>
        <source>Ac&amp;tivate tenant</source>
        <translation />
    </message>
    <message>
        <source>Activate tenant %1</source>
        <translation />
    </message>
    <message>
        <source>Re-activates the tenant; all its keys are accepted again.</source>
        <translation />
    </message>
    <message>
        <source>Cr&amp;edit balance…</source>
        <translation />
    </message>
    <message>
        <source>Credit the balance of tenant %1</source>
        <translation />
    </message>
    <message>
        <source>Adds prepaid credit; previewed before it applies.</source>
        <translation />
    </message>
    <message>
        <source>Environments</source>
        <translation />
    </message>
    <message>
        <source>Environment</source>
        <translation />
    </message>
    <message>
        <source>Environment %1</source>
        <translation />
    </message>
    <message>
        <source>Belongs to</source>
        <translation />
    </message>
    <message>
        <source>D&amp;isable environment</source>
        <translation />
    </message>
    <message>
        <source>Disable environment %1</source>
        <translation />
    </message>
    <message>
        <source>Every key of the environment is refused with 403 environment_disabled.</source>
        <translation />
    </message>
    <message>
        <source>Ac&amp;tivate environment</source>
        <translation />
    </message>
    <message>
        <source>Activate environment %1</source>
        <translation />
    </message>
    <message>
        <source>Re-activates the environment; its keys are accepted again.</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::AdminClient</name>
    <message>
        <source>connection refused</source>
        <translation />
    </message>
    <message>
        <source>the daemon closed the connection without answering</source>
        <translation />
    </message>
    <message>
        <source>host not found</source>
        <translation />
    </message>
    <message>
        <source>%1 answered %2</source>
        <translation />
    </message>
    <message>
        <source>%1: a proxy answered %2</source>
        <translation />
    </message>
    <message>
        <source>timed out: no answer within %L1 s</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console</name>
    <message>
        <source>%1 chart</source>
        <translation />
    </message>
    <message>
        <source>%1 table</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::AlertListModel</name>
    <message>
        <source>%1 s</source>
        <translation />
    </message>
    <message>
        <source>%1 min</source>
        <translation />
    </message>
    <message>
        <source>%1 h</source>
        <translation />
    </message>
    <message>
        <source>%1 d</source>
        <translation />
    </message>
    <message>
        <source>critical</source>
        <translation />
    </message>
    <message>
        <source>warning</source>
        <translation />
    </message>
    <message>
        <source>info</source>
        <translation />
    </message>
    <message>
        <source>node</source>
        <translation />
    </message>
    <message>
        <source>model</source>
        <translation />
    </message>
    <message>
        <source>key</source>
        <translation />
    </message>
    <message>
        <source>tenant</source>
        <translation />
    </message>
    <message>
        <source>environment</source>
        <translation />
    </message>
    <message>
        <source>replica</source>
        <translation />
    </message>
    <message>
        <source>billing event</source>
        <translation />
    </message>
    <message>
        <source>database backend</source>
        <translation />
    </message>
    <message>
        <source>Redis key</source>
        <translation />
    </message>
    <message>
        <source>database</source>
        <translation />
    </message>
    <message>
        <source>Redis</source>
        <translation />
    </message>
    <message>
        <source>firing</source>
        <translation />
    </message>
    <message>
        <source>pending</source>
        <translation />
    </message>
    <message>
        <source>acknowledged by %1</source>
        <translation />
    </message>
    <message>
        <source>silenced until %1</source>
        <translation />
    </message>
    <message>
        <source>fix applied (audit %1)</source>
        <translation />
    </message>
    <message>
        <source>%1 — rule %2 (alert #%3)</source>
        <translation />
    </message>
    <message>
        <source>since %1</source>
        <translation />
    </message>
    <message>
        <source>%1 %2 — id %3</source>
        <translation />
    </message>
    <message>
        <source>Severity</source>
        <translation />
    </message>
    <message>
        <source>Age</source>
        <translation />
    </message>
    <message>
        <source>What</source>
        <translation />
    </message>
    <message>
        <source>Objects</source>
        <translation />
    </message>
    <message>
        <source>Runbook</source>
        <translation />
    </message>
    <message>
        <source>State</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::AlertPanel</name>
    <message>
        <source>Fix…</source>
        <translation />
    </message>
    <message>
        <source>Acknowledge</source>
        <translation />
    </message>
    <message>
        <source>Silence 1 h</source>
        <translation />
    </message>
    <message>
        <source>Open alerts</source>
        <translation />
    </message>
    <message>
        <source>Acknowledge alert #%1</source>
        <translation />
    </message>
    <message>
        <source>Records that you are working on it: %1</source>
        <translation />
    </message>
    <message>
        <source>Unsilence alert #%1</source>
        <translation />
    </message>
    <message>
        <source>Notifications of this alert resume: %1</source>
        <translation />
    </message>
    <message>
        <source>Silence alert #%1 for 1 h</source>
        <translation />
    </message>
    <message>
        <source>No firing notification for this alert during the next hour: %1</source>
        <translation />
    </message>
    <message>
        <source>Alerts unavailable: %1</source>
        <translation />
    </message>
    <message>
        <source>Loading alerts…</source>
        <translation />
    </message>
    <message>
        <source>No open alerts: none of the daemon's checks finds a problem.</source>
        <translation />
    </message>
    <message numerus="yes">
        <source>%n alert(s) firing</source>
        <translation>
            <numerusform>%n alert firing</numerusform>
            <numerusform>%n alerts firing</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n critical</source>
        <translation>
            <numerusform>%n critical</numerusform>
            <numerusform>%n critical</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning</source>
        <translation>
            <numerusform>%n warning</numerusform>
            <numerusform>%n warnings</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n info</source>
        <translation>
            <numerusform>%n info</numerusform>
            <numerusform>%n info</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n pending</source>
        <translation>
            <numerusform>, %n pending</numerusform>
            <numerusform>, %n pending</numerusform>
        </translation>
    </message>
    <message>
        <source> · live</source>
        <translation />
    </message>
    <message>
        <source> · stream down, polling every 3 s</source>
        <translation />
    </message>
    <message>
        <source>Needs the 'alerts' permission, which the %1 role does not have.</source>
        <translation />
    </message>
    <message>
        <source>Select an alert first</source>
        <translation />
    </message>
    <message>
        <source>The fixes the daemon lists for this alert, each previewed by a dry run</source>
        <translation />
    </message>
    <message>
        <source>The daemon lists no fix for this alert: see its runbook section</source>
        <translation />
    </message>
    <message>
        <source>Record that you are on it (audited)</source>
        <translation />
    </message>
    <message>
        <source>Unsilence</source>
        <translation />
    </message>
    <message>
        <source>No firing notification for an hour (audited)</source>
        <translation />
    </message>
    <message>
        <source>A look-up (GET %1): see the matching view</source>
        <translation />
    </message>
    <message>
        <source>Needs the '%1' permission, which the %2 role does not have.</source>
        <translation />
    </message>
    <message>
        <source>Fix for alert #%1 (runbook §%2): %3</source>
        <translation />
    </message>
    <message>
        <source>%1 applied: watching alert #%2 until it resolves…</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::AuditFilter</name>
    <message>
        <source>Actor (token name)</source>
        <translation />
    </message>
    <message>
        <source>Actor</source>
        <translation />
    </message>
    <message>
        <source>Action, e.g. api_key.*</source>
        <translation />
    </message>
    <message>
        <source>Action</source>
        <translation />
    </message>
    <message>
        <source>Target</source>
        <translation />
    </message>
    <message>
        <source>Result</source>
        <translation />
    </message>
    <message>
        <source>Any result</source>
        <translation />
    </message>
    <message>
        <source>OK</source>
        <translation />
    </message>
    <message>
        <source>Error</source>
        <translation />
    </message>
    <message>
        <source>Time range</source>
        <translation />
    </message>
    <message>
        <source>Any time</source>
        <translation />
    </message>
    <message>
        <source>Last hour</source>
        <translation />
    </message>
    <message>
        <source>Last 24 h</source>
        <translation />
    </message>
    <message>
        <source>Last 7 days</source>
        <translation />
    </message>
    <message>
        <source>Between…</source>
        <translation />
    </message>
    <message>
        <source>Since</source>
        <translation />
    </message>
    <message>
        <source>Until</source>
        <translation />
    </message>
    <message>
        <source>Target (id or name)</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::AuditModel</name>
    <message>
        <source>#</source>
        <translation />
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation />
    </message>
    <message>
        <source>Token</source>
        <translation />
    </message>
    <message>
        <source>Role</source>
        <translation />
    </message>
    <message>
        <source>Action</source>
        <translation />
    </message>
    <message>
        <source>Result</source>
        <translation />
    </message>
    <message>
        <source>%1 (dry run)</source>
        <translation />
    </message>
    <message>
        <source>Target</source>
        <translation />
    </message>
    <message>
        <source>Reason</source>
        <translation />
    </message>
    <message>
        <source>Object</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::AuditView</name>
    <message>
        <source>Audit log</source>
        <translation />
    </message>
    <message>
        <source>Audit log entries</source>
        <translation />
    </message>
    <message>
        <source>Double-click or press Enter to open the row's target</source>
        <translation />
    </message>
    <message numerus="yes">
        <source>%n entry(ies), newest first</source>
        <translation>
            <numerusform>%n entry, newest first</numerusform>
            <numerusform>%n entries, newest first</numerusform>
        </translation>
    </message>
    <message>
        <source>Your role cannot read the audit log (needs 'audit').</source>
        <translation />
    </message>
    <message>
        <source>Could not load the audit log: %1</source>
        <translation />
    </message>
    <message>
        <source>This entry has no target.</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::BillingView</name>
    <message>
        <source>Re-process failed events</source>
        <translation />
    </message>
    <message>
        <source>Backfill usage (last 24 h)</source>
        <translation />
    </message>
    <message>
        <source>Usage &amp;&amp; events</source>
        <translation />
    </message>
    <message>
        <source>Spend &amp;&amp; credit</source>
        <translation />
    </message>
    <message>
        <source>Recent usage records (runbook §6.1)</source>
        <translation />
    </message>
    <message>
        <source>Billing events (runbook §6.2) — failed ones in red</source>
        <translation />
    </message>
    <message>
        <source>Re-process failed billing events</source>
        <translation />
    </message>
    <message>
        <source>Marks failed events unprocessed so the billing worker retries them.</source>
        <translation />
    </message>
    <message>
        <source>No failed events to re-process.</source>
        <translation />
    </message>
    <message>
        <source>Backfill usage</source>
        <translation />
    </message>
    <message>
        <source>Creates missing usage records from the request logs of the last 24 hours.</source>
        <translation />
    </message>
    <message>
        <source>Not available on this server: the daemon has no such endpoint yet.</source>
        <translation />
    </message>
    <message>
        <source>Usage records</source>
        <translation />
    </message>
    <message>
        <source>Billing events</source>
        <translation />
    </message>
    <message>
        <source>%1: %2 shown, %3 failed</source>
        <translation />
    </message>
    <message>
        <source>%1: %2 shown</source>
        <translation />
    </message>
    <message>
        <source>%1: not available on this server (%2).</source>
        <translation />
    </message>
    <message>
        <source>%1: your role lacks the permission (%2).</source>
        <translation />
    </message>
    <message>
        <source>%1: %2</source>
        <translation />
    </message>
    <message>
        <source>Billing</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::BudgetDialog</name>
    <message>
        <source>Review change…</source>
        <translation />
    </message>
    <message>
        <source>daily</source>
        <translation />
    </message>
    <message>
        <source>monthly</source>
        <translation />
    </message>
    <message>
        <source>lifetime</source>
        <translation />
    </message>
    <message>
        <source>key %1</source>
        <translation />
    </message>
    <message>
        <source>environment %1</source>
        <translation />
    </message>
    <message>
        <source>tenant %1</source>
        <translation />
    </message>
    <message>
        <source>Set budget of %1</source>
        <translation />
    </message>
    <message>
        <source>Change budget of %1</source>
        <translation />
    </message>
    <message>
        <source>e.g. %1</source>
        <translation />
    </message>
    <message>
        <source>Requests of %1 are refused with 429 insufficient_quota once the spend of the period would pass the amount.</source>
        <translation />
    </message>
    <message>
        <source>Now:</source>
        <translation />
    </message>
    <message>
        <source>%1 per %2 period</source>
        <translation />
    </message>
    <message>
        <source>&amp;Amount (currency units):</source>
        <translation />
    </message>
    <message>
        <source>&amp;Period (UTC):</source>
        <translation />
    </message>
    <message>
        <source>&amp;Thresholds (%):</source>
        <translation />
    </message>
    <message>
        <source>Type an amount above zero with at most six decimals, e.g. %1.</source>
        <translation />
    </message>
    <message>
        <source>Thresholds are 1 to 10 percentages from 1 to 100, separated by commas.</source>
        <translation />
    </message>
    <message>
        <source>Set budget of %1 to %2 %3</source>
        <translation />
    </message>
    <message>
        <source>Raise budget of %1 to %2 %3</source>
        <translation />
    </message>
    <message>
        <source>Lower budget of %1 to %2 %3</source>
        <translation />
    </message>
    <message>
        <source>Change budget of %1 to %2 %3</source>
        <translation />
    </message>
    <message>
        <source>New budget: %1 (%2 micro-units) per %3 period. Every replica applies it to the next request.</source>
        <translation />
    </message>
    <message>
        <source>%1 → %2 (%3 micro-units) per %4 period. Every replica applies it to the next request.</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::CommandBar</name>
    <message>
        <source>Go to a view, key (name or prefix), tenant, environment, node or model…</source>
        <translation />
    </message>
    <message>
        <source>Command bar</source>
        <translation />
    </message>
    <message>
        <source>↑↓ choose · Enter go · Esc close</source>
        <translation />
    </message>
    <message>
        <source>View: %1</source>
        <translation />
    </message>
    <message>
        <source>searching…</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::ConnectDialog</name>
    <message>
        <source>Remember the token in the system keychain</source>
        <translation />
    </message>
    <message>
        <source>Connect to a CrossLogic daemon</source>
        <translation />
    </message>
    <message>
        <source>X-Admin-Token (clat_…)</source>
        <translation />
    </message>
    <message>
        <source>Remember the token (unavailable: %1)</source>
        <translation />
    </message>
    <message>
        <source>Profile</source>
        <translation />
    </message>
    <message>
        <source>Daemon URL</source>
        <translation />
    </message>
    <message>
        <source>Admin token</source>
        <translation />
    </message>
    <message>
        <source>Connect</source>
        <translation />
    </message>
    <message>
        <source>&lt;b style='color:#c62828'&gt;Production:&lt;/b&gt; actions change the live service.</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::ConnectionsChart</name>
    <message>
        <source>(background)</source>
        <translation />
    </message>
    <message>
        <source>Connections</source>
        <translation />
    </message>
    <message>
        <source>%1 of %2 connections in use by state · daemon pool: %3 busy of %4, %5 queued</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::ConnectionsHistory</name>
    <message>
        <source>Connections and pool over time</source>
        <translation />
    </message>
    <message>
        <source>connections</source>
        <translation />
    </message>
    <message>
        <source>wait (ms)</source>
        <translation />
    </message>
    <message>
        <source>PostgreSQL connections</source>
        <translation />
    </message>
    <message>
        <source>Pool busy</source>
        <translation />
    </message>
    <message>
        <source>Pool waiters</source>
        <translation />
    </message>
    <message>
        <source>Longest wait</source>
        <translation />
    </message>
    <message>
        <source>ms</source>
        <translation />
    </message>
    <message>
        <source>Connections alert</source>
        <translation />
    </message>
    <message>
        <source>Pool wait alert (ms)</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::ConsoleView</name>
    <message>
        <source>%1 needs the '%2' permission, which the %3 role does not have.</source>
        <translation />
    </message>
    <message>
        <source>Not loaded: the daemon is not answering.</source>
        <translation />
    </message>
    <message>
        <source>Stale — last updated %1; the daemon is not answering, these are the last values it sent.</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::CreditDialog</name>
    <message>
        <source>Credit the balance of tenant %1</source>
        <translation />
    </message>
    <message>
        <source>e.g. %1</source>
        <translation />
    </message>
    <message>
        <source>invoice or ticket (optional)</source>
        <translation />
    </message>
    <message>
        <source>Adds prepaid credit to the ledger. The first credit makes the tenant prepaid: from then on its requests are served only while the balance covers them.</source>
        <translation />
    </message>
    <message>
        <source>&amp;Amount (currency units):</source>
        <translation />
    </message>
    <message>
        <source>&amp;Reference:</source>
        <translation />
    </message>
    <message>
        <source>Credit %1 to tenant %2</source>
        <translation />
    </message>
    <message>
        <source>Adds %1 (%2 micro-units) of prepaid credit; the ledger keeps the entry and the balance after it.</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::DaemonText</name>
    <message>
        <source>A revoked, expired or unknown API key is still being used</source>
        <translation />
    </message>
    <message>
        <source>A suspended tenant or disabled environment still receives traffic</source>
        <translation />
    </message>
    <message>
        <source>Admin API requests refused for a bad token</source>
        <translation />
    </message>
    <message>
        <source>A key or tenant gets many 429s</source>
        <translation />
    </message>
    <message>
        <source>Rate limits run without Redis (fail-open)</source>
        <translation />
    </message>
    <message>
        <source>A model has no routable node</source>
        <translation />
    </message>
    <message>
        <source>A node's heartbeat is late</source>
        <translation />
    </message>
    <message>
        <source>A node drained for a stale heartbeat was not replaced</source>
        <translation />
    </message>
    <message>
        <source>A model is down to one node</source>
        <translation />
    </message>
    <message>
        <source>A node's circuit breaker is open</source>
        <translation />
    </message>
    <message>
        <source>Node registrations are refused</source>
        <translation />
    </message>
    <message>
        <source>A model's p99 latency is above its objective</source>
        <translation />
    </message>
    <message>
        <source>A model's p99 time to first token is above its objective</source>
        <translation />
    </message>
    <message>
        <source>A node's health score is low</source>
        <translation />
    </message>
    <message>
        <source>Database jobs wait for a pool connection</source>
        <translation />
    </message>
    <message>
        <source>PostgreSQL is near max_connections</source>
        <translation />
    </message>
    <message>
        <source>A query has been running for long</source>
        <translation />
    </message>
    <message>
        <source>Database jobs are slow</source>
        <translation />
    </message>
    <message>
        <source>Redis is unreachable</source>
        <translation />
    </message>
    <message>
        <source>Redis answers with errors</source>
        <translation />
    </message>
    <message>
        <source>Redis memory is near maxmemory</source>
        <translation />
    </message>
    <message>
        <source>Rate-limit counters are negative or malformed</source>
        <translation />
    </message>
    <message>
        <source>Usage records are not reaching PostgreSQL</source>
        <translation />
    </message>
    <message>
        <source>The usage writer fails</source>
        <translation />
    </message>
    <message>
        <source>Stripe webhook events failed</source>
        <translation />
    </message>
    <message>
        <source>Usage export to Stripe fails</source>
        <translation />
    </message>
    <message>
        <source>Replicas run different versions or schema levels</source>
        <translation />
    </message>
    <message>
        <source>The TLS certificate expires soon</source>
        <translation />
    </message>
    <message>
        <source>daemon-language:en</source>
        <translation />
    </message>
    <message>
        <source>value %1, threshold %2</source>
        <translation />
    </message>
    <message>
        <source>value %1</source>
        <translation />
    </message>
    <message>
        <source>last routable node for model %1: its requests will get 503 until another node serves it</source>
        <translation />
    </message>
    <message>
        <source>%1 other routable node(s) keep serving model %2</source>
        <translation />
    </message>
    <message>
        <source>%1 key(s) will be refused with 403; they sent %2 request(s) in the last hour</source>
        <translation />
    </message>
    <message>
        <source>%1 counter(s) now; counters that traffic creates before you confirm are cleared too, and the result reports the exact number</source>
        <translation />
    </message>
    <message>
        <source>its last heartbeat is %1 s old: the stale-node reconciler will drain it again unless its agent is running</source>
        <translation />
    </message>
    <message>
        <source>checking…</source>
        <translation />
    </message>
    <message>
        <source>%1 active node(s)</source>
        <translation />
    </message>
    <message>
        <source>no active nodes: inference requests get 503 (runbook §3.1)</source>
        <translation />
    </message>
    <message>
        <source>%1 active node(s) without a heartbeat for %2 s</source>
        <translation />
    </message>
    <message>
        <source>%1 failed of %2 request(s) in the last %3 minutes</source>
        <translation />
    </message>
    <message>
        <source>%1 of max_connections %2</source>
        <translation />
    </message>
    <message>
        <source>SELECT answered in %1 ms</source>
        <translation />
    </message>
    <message>
        <source>PING answered in %1 ms</source>
        <translation />
    </message>
    <message>
        <source>%1 used of maxmemory</source>
        <translation />
    </message>
    <message>
        <source>%1 used (no maxmemory)</source>
        <translation />
    </message>
    <message>
        <source>this replica is ready</source>
        <translation />
    </message>
    <message>
        <source>this replica is draining</source>
        <translation />
    </message>
    <message>
        <source>this replica is not ready (database or Redis never reached)</source>
        <translation />
    </message>
    <message>
        <source>api, database and redis answer</source>
        <translation />
    </message>
    <message>
        <source>database unavailable</source>
        <translation />
    </message>
    <message>
        <source>Redis unavailable</source>
        <translation />
    </message>
    <message>
        <source>skipped: pass ?host=&lt;public hostname&gt; to check it</source>
        <translation />
    </message>
    <message>
        <source>Check load balancer health</source>
        <translation />
    </message>
    <message>
        <source>Check control plane pods</source>
        <translation />
    </message>
    <message>
        <source>Check database</source>
        <translation />
    </message>
    <message>
        <source>Check Redis</source>
        <translation />
    </message>
    <message>
        <source>Check DNS</source>
        <translation />
    </message>
    <message>
        <source>Check TLS certificate</source>
        <translation />
    </message>
    <message>
        <source>active</source>
        <translation />
    </message>
    <message>
        <source>draining</source>
        <translation />
    </message>
    <message>
        <source>terminated</source>
        <translation />
    </message>
    <message>
        <source>failed</source>
        <translation />
    </message>
    <message>
        <source>unhealthy</source>
        <translation />
    </message>
    <message>
        <source>initializing</source>
        <translation />
    </message>
    <message>
        <source>registered</source>
        <translation />
    </message>
    <message>
        <source>suspended</source>
        <translation />
    </message>
    <message>
        <source>disabled</source>
        <translation />
    </message>
    <message>
        <source>revoked</source>
        <translation />
    </message>
    <message>
        <source>expired</source>
        <translation />
    </message>
    <message>
        <source>ok</source>
        <translation />
    </message>
    <message>
        <source>warn</source>
        <translation />
    </message>
    <message>
        <source>fail</source>
        <translation />
    </message>
    <message>
        <source>pending</source>
        <translation />
    </message>
    <message>
        <source>processed</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::DatabaseView</name>
    <message>
        <source>Cancel query</source>
        <translation />
    </message>
    <message>
        <source>Terminate session</source>
        <translation />
    </message>
    <message>
        <source>Create index</source>
        <translation />
    </message>
    <message>
        <source>VACUUM ANALYZE</source>
        <translation />
    </message>
    <message>
        <source>Index check (runbook §4.2)</source>
        <translation />
    </message>
    <message>
        <source>Table:</source>
        <translation />
    </message>
    <message>
        <source>Long-running queries (runbook §4.1)</source>
        <translation />
    </message>
    <message>
        <source>Create index %1</source>
        <translation />
    </message>
    <message>
        <source>CREATE INDEX CONCURRENTLY; the table stays writable meanwhile.</source>
        <translation />
    </message>
    <message>
        <source>VACUUM ANALYZE %1</source>
        <translation />
    </message>
    <message>
        <source>Reclaims dead rows and refreshes planner statistics.</source>
        <translation />
    </message>
    <message>
        <source>No query has been running longer than %1 s.</source>
        <translation />
    </message>
    <message numerus="yes">
        <source>%n session(s) running long; the daemon's own pool connections cannot be terminated here.</source>
        <translation>
            <numerusform>%n session running long; the daemon's own pool connections cannot be terminated here.</numerusform>
            <numerusform>%n sessions running long; the daemon's own pool connections cannot be terminated here.</numerusform>
        </translation>
    </message>
    <message>
        <source>Your role cannot see database sessions (needs 'database').</source>
        <translation />
    </message>
    <message>
        <source>All expected indexes are present.</source>
        <translation />
    </message>
    <message numerus="yes">
        <source>%n index(es) missing or invalid — select one and create it.</source>
        <translation>
            <numerusform>%n index missing or invalid — select it and create it.</numerusform>
            <numerusform>%n indexes missing or invalid — select one and create it.</numerusform>
        </translation>
    </message>
    <message>
        <source>Your role cannot check indexes (needs 'database').</source>
        <translation />
    </message>
    <message>
        <source>Terminate session %1</source>
        <translation />
    </message>
    <message>
        <source>Cancel query of session %1</source>
        <translation />
    </message>
    <message>
        <source>pg_terminate_backend: the session ends and its transaction rolls back.</source>
        <translation />
    </message>
    <message>
        <source>pg_cancel_backend: the running statement stops; the session stays.</source>
        <translation />
    </message>
    <message>
        <source>Database</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::DesktopNotifier</name>
    <message>
        <source>Critical alert: %1</source>
        <translation />
    </message>
    <message>
        <source>%1 (runbook §%2)</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::DetailLoader</name>
    <message>
        <source>Could not load</source>
        <translation />
    </message>
    <message>
        <source>your role may not read this (403)</source>
        <translation />
    </message>
    <message>
        <source>Open alerts</source>
        <translation />
    </message>
    <message>
        <source>None</source>
        <translation />
    </message>
    <message>
        <source>no open alert names this object</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::DetailPanel</name>
    <message>
        <source>Details</source>
        <translation />
    </message>
    <message>
        <source>Back</source>
        <translation />
    </message>
    <message>
        <source>Cop&amp;y id</source>
        <translation />
    </message>
    <message>
        <source>Back to the previous object (Alt+Left)</source>
        <translation />
    </message>
    <message>
        <source>Copy this object's id to the clipboard</source>
        <translation />
    </message>
    <message>
        <source>Object details</source>
        <translation />
    </message>
    <message>
        <source>Copy id</source>
        <translation />
    </message>
    <message>
        <source>Nothing selected — press Enter on a key, tenant, node or model, or Ctrl+K</source>
        <translation />
    </message>
    <message>
        <source>Enter opens %1</source>
        <translation />
    </message>
    <message>
        <source>Your role (%1) lacks the '%2' permission.</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::DryRunDialog</name>
    <message>
        <source>Confirm: %1</source>
        <translation />
    </message>
    <message>
        <source>Request: &lt;code&gt;%1 %2&lt;/code&gt; — nothing has changed yet; this is what the daemon would do:</source>
        <translation />
    </message>
    <message>
        <source>This change can be undone: the result offers Undo.</source>
        <translation />
    </message>
    <message>
        <source>Show raw JSON</source>
        <translation />
    </message>
    <message>
        <source>e.g. ticket number or why this is needed (optional)</source>
        <translation />
    </message>
    <message>
        <source>Reason for the audit log</source>
        <translation />
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation />
    </message>
    <message>
        <source>Apply</source>
        <translation />
    </message>
    <message>
        <source>Consequences:</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::EnvironmentBanner</name>
    <message>
        <source>⚠ Disconnected from %1 (%2) — retrying… %3</source>
        <translation />
    </message>
    <message>
        <source>● PRODUCTION — %1 (%2) · role: %3</source>
        <translation />
    </message>
    <message>
        <source>● REMOTE — %1 (%2) · role: %3</source>
        <translation />
    </message>
    <message>
        <source>● %1 — %2 · role: %3</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::EscalationView</name>
    <message>
        <source>Contact escalation (runbook §10)</source>
        <translation />
    </message>
    <message>
        <source>Issue type</source>
        <translation />
    </message>
    <message>
        <source>First contact</source>
        <translation />
    </message>
    <message>
        <source>Escalation</source>
        <translation />
    </message>
    <message>
        <source>Channel</source>
        <translation />
    </message>
    <message>
        <source>From %1</source>
        <translation />
    </message>
    <message>
        <source>Outage checklist (runbook §8.1, live)</source>
        <translation />
    </message>
    <message>
        <source>Step</source>
        <translation />
    </message>
    <message>
        <source>Status</source>
        <translation />
    </message>
    <message>
        <source>Detail</source>
        <translation />
    </message>
    <message>
        <source>Runbook command: %1</source>
        <translation />
    </message>
    <message>
        <source>Overall: &lt;b style='color:%1'&gt;%2&lt;/b&gt;, checked %3</source>
        <translation />
    </message>
    <message>
        <source>Your role cannot run the checklist (needs 'nodes', sre).</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::FixWatcher</name>
    <message>
        <source>fixed: %1 — resolved after %2 s</source>
        <translation />
    </message>
    <message>
        <source>still failing after %1 s: %2 (%3 did not resolve it)</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::HealthChart</name>
    <message>
        <source>Health score</source>
        <translation />
    </message>
    <message>
        <source>Select a node to see its health score</source>
        <translation />
    </message>
    <message>
        <source>Health score of %1</source>
        <translation />
    </message>
    <message>
        <source>score</source>
        <translation />
    </message>
    <message>
        <source>Low health alert</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::HistoryChart</name>
    <message>
        <source>%1: no data</source>
        <translation />
    </message>
    <message numerus="yes">
        <source>%1: latest %L2 %3, %n gap(s)</source>
        <translation>
            <numerusform>%1: latest %L2 %3, %n gap</numerusform>
            <numerusform>%1: latest %L2 %3, %n gaps</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: latest %L2 %3</source>
        <translation />
    </message>
    <message>
        <source>%1 at %L2</source>
        <translation />
    </message>
    <message numerus="yes">
        <source>%n alert(s): %1</source>
        <translation>
            <numerusform>%n alert: %1</numerusform>
            <numerusform>%n alerts: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (%L2, above the chart)</source>
        <translation />
    </message>
    <message>
        <source>Alerts (critical)</source>
        <translation />
    </message>
    <message>
        <source>Alerts (warning)</source>
        <translation />
    </message>
    <message>
        <source>Alerts (info)</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::HistoryFeed</name>
    <message>
        <source>Your role cannot read the metrics history (needs 'alerts').</source>
        <translation />
    </message>
    <message>
        <source>Could not load the history: %1</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::HistoryPanel</name>
    <message>
        <source>Last 15 min</source>
        <translation />
    </message>
    <message>
        <source>Last 1 h</source>
        <translation />
    </message>
    <message>
        <source>Last 6 h</source>
        <translation />
    </message>
    <message>
        <source>Last 24 h</source>
        <translation />
    </message>
    <message>
        <source>History range</source>
        <translation />
    </message>
    <message>
        <source>&amp;History:</source>
        <translation />
    </message>
    <message numerus="yes">
        <source>%n sample(s) from the daemon, every %1 s; updated %2</source>
        <translation>
            <numerusform>%n sample from the daemon, every %1 s; updated %2</numerusform>
            <numerusform>%n samples from the daemon, every %1 s; updated %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>crosslogic::console::IndexTableModel</name>
    <message>
        <source>Index</source>
        <translation />
    </message>
    <message>
        <source>Table</source>
        <translation />
    </message>
    <message>
        <source>Columns</source>
        <translation />
    </message>
    <message>
        <source>State</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::JsonTableModel</name>
    <message>
        <source>yes</source>
        <translation />
    </message>
    <message>
        <source>no</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::JsonTree</name>
    <message>
        <source>Field</source>
        <translation />
    </message>
    <message>
        <source>Value</source>
        <translation />
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n item</numerusform>
            <numerusform>%n items</numerusform>
        </translation>
    </message>
    <message>
        <source>(none)</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::KeyTableModel</name>
    <message>
        <source>default</source>
        <translation />
    </message>
    <message>
        <source>Prefix</source>
        <translation />
    </message>
    <message>
        <source>Name</source>
        <translation />
    </message>
    <message>
        <source>Verdict</source>
        <translation />
    </message>
    <message>
        <source>Key status</source>
        <translation />
    </message>
    <message>
        <source>Tenant</source>
        <translation />
    </message>
    <message>
        <source>Environment</source>
        <translation />
    </message>
    <message>
        <source>Req/min</source>
        <translation />
    </message>
    <message>
        <source>Tokens/min</source>
        <translation />
    </message>
    <message>
        <source>Concurrency</source>
        <translation />
    </message>
    <message>
        <source>Expires</source>
        <translation />
    </message>
    <message>
        <source>never</source>
        <translation />
    </message>
    <message>
        <source>valid</source>
        <translation />
    </message>
    <message>
        <source>invalid</source>
        <translation />
    </message>
    <message>
        <source>invalid: %1</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::KeysView</name>
    <message>
        <source>Revoke key</source>
        <translation />
    </message>
    <message>
        <source>Activate key</source>
        <translation />
    </message>
    <message>
        <source>Activate tenant</source>
        <translation />
    </message>
    <message>
        <source>Activate environment</source>
        <translation />
    </message>
    <message>
        <source>Clear auth cache</source>
        <translation />
    </message>
    <message>
        <source>Edit limits…</source>
        <translation />
    </message>
    <message>
        <source>Key prefix, e.g. clsk_live_xx (the first 12 characters the customer sees)</source>
        <translation />
    </message>
    <message>
        <source>Look up</source>
        <translation />
    </message>
    <message>
        <source>Why this key is accepted or rejected</source>
        <translation />
    </message>
    <message>
        <source>Requests with this key are rejected with 401 at once, on every replica.</source>
        <translation />
    </message>
    <message>
        <source>Accepts the key again (runbook §1.1).</source>
        <translation />
    </message>
    <message>
        <source>Drops the cached validation everywhere; the next request re-validates.</source>
        <translation />
    </message>
    <message>
        <source>Re-activates the tenant; all its keys are accepted again.</source>
        <translation />
    </message>
    <message>
        <source>Re-activates the environment; its keys are accepted again.</source>
        <translation />
    </message>
    <message>
        <source>Change key limits</source>
        <translation />
    </message>
    <message>
        <source>New limits apply to the next request.</source>
        <translation />
    </message>
    <message>
        <source>Could not look keys up</source>
        <translation />
    </message>
    <message>
        <source>No key starts with %1</source>
        <translation />
    </message>
    <message>
        <source>Select a key</source>
        <translation />
    </message>
    <message>
        <source>%1 is valid — the gateway accepts it</source>
        <translation />
    </message>
    <message>
        <source>%1 is rejected (401): %2</source>
        <translation />
    </message>
    <message>
        <source>never</source>
        <translation />
    </message>
    <message>
        <source>Key &lt;b&gt;%1&lt;/b&gt;: %2 &amp;nbsp;·&amp;nbsp; expires %3&lt;br&gt;Tenant &lt;b&gt;%4&lt;/b&gt;: %5 &amp;nbsp;·&amp;nbsp; Environment &lt;b&gt;%6&lt;/b&gt;: %7</source>
        <translation />
    </message>
    <message>
        <source>Keys &amp;&amp; tenants</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::LaunchNodeDialog</name>
    <message>
        <source>Spot instance (cheaper, may be reclaimed)</source>
        <translation />
    </message>
    <message>
        <source>Launch node</source>
        <translation />
    </message>
    <message>
        <source>Model</source>
        <translation />
    </message>
    <message>
        <source>Provider</source>
        <translation />
    </message>
    <message>
        <source>Region</source>
        <translation />
    </message>
    <message>
        <source>Instance type</source>
        <translation />
    </message>
    <message>
        <source>Review launch…</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::LimitBar</name>
    <message>
        <source>%1 (no limit)</source>
        <translation />
    </message>
    <message>
        <source>%1 / %2 (%3 %)</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::LimitsDialog</name>
    <message>
        <source>no key limit</source>
        <translation />
    </message>
    <message>
        <source>Limits of %1</source>
        <translation />
    </message>
    <message>
        <source>Requests per minute</source>
        <translation />
    </message>
    <message>
        <source>Tokens per minute</source>
        <translation />
    </message>
    <message>
        <source>Concurrent requests</source>
        <translation />
    </message>
    <message>
        <source>Review change…</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::LongQueryModel</name>
    <message>
        <source>PID</source>
        <translation />
    </message>
    <message>
        <source>Duration</source>
        <translation />
    </message>
    <message>
        <source>%1 s</source>
        <translation />
    </message>
    <message>
        <source>State</source>
        <translation />
    </message>
    <message>
        <source>Application</source>
        <translation />
    </message>
    <message>
        <source>User</source>
        <translation />
    </message>
    <message>
        <source>Query</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::MainWindow</name>
    <message>
        <source>CrossLogic Console — %1</source>
        <translation />
    </message>
    <message>
        <source>Main</source>
        <translation />
    </message>
    <message>
        <source>Refresh now</source>
        <translation />
    </message>
    <message>
        <source>Pause auto-refresh</source>
        <translation />
    </message>
    <message>
        <source>Resume auto-refresh</source>
        <translation />
    </message>
    <message>
        <source>Auto-refresh paused</source>
        <translation />
    </message>
    <message>
        <source>%1: done (audit id %2)</source>
        <translation />
    </message>
    <message>
        <source>%1: %2</source>
        <translation />
    </message>
    <message>
        <source>The daemon rejected the admin token (401).</source>
        <translation />
    </message>
    <message>
        <source>Reconnected to %1: %2</source>
        <translation />
    </message>
    <message>
        <source>Disconnected from %1: %2 — retrying every 2 s</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::NodeTableModel</name>
    <message>
        <source>Cluster</source>
        <translation />
    </message>
    <message>
        <source>Status</source>
        <translation />
    </message>
    <message>
        <source>Health</source>
        <translation />
    </message>
    <message>
        <source>Model</source>
        <translation />
    </message>
    <message>
        <source>Provider / region</source>
        <translation />
    </message>
    <message>
        <source>Heartbeat</source>
        <translation />
    </message>
    <message>
        <source>never</source>
        <translation />
    </message>
    <message>
        <source>%1 s ago</source>
        <translation />
    </message>
    <message>
        <source>%1 (stale)</source>
        <translation />
    </message>
    <message>
        <source>Load</source>
        <translation />
    </message>
    <message>
        <source>%1 running, %2 waiting, %3 in flight</source>
        <translation />
    </message>
    <message>
        <source>ID</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::NodesView</name>
    <message>
        <source>Drain</source>
        <translation />
    </message>
    <message>
        <source>Terminate</source>
        <translation />
    </message>
    <message>
        <source>Drain stale nodes</source>
        <translation />
    </message>
    <message>
        <source>Launch node…</source>
        <translation />
    </message>
    <message>
        <source>Switch strategy</source>
        <translation />
    </message>
    <message>
        <source>Routing:</source>
        <translation />
    </message>
    <message>
        <source>Terminate node</source>
        <translation />
    </message>
    <message>
        <source>Stops the node; in-flight requests fail.</source>
        <translation />
    </message>
    <message>
        <source>Marks active nodes without a recent heartbeat as draining (runbook §3.1).</source>
        <translation />
    </message>
    <message>
        <source>Launch a node</source>
        <translation />
    </message>
    <message>
        <source>Switch the routing strategy</source>
        <translation />
    </message>
    <message>
        <source>Routing strategy</source>
        <translation />
    </message>
    <message>
        <source>Your role cannot list nodes (needs 'nodes').</source>
        <translation />
    </message>
    <message>
        <source>Could not load nodes: %1</source>
        <translation />
    </message>
    <message numerus="yes">
        <source>%n node(s), %1 active, %2 stale</source>
        <translation>
            <numerusform>%n node, %1 active, %2 stale</numerusform>
            <numerusform>%n nodes, %1 active, %2 stale</numerusform>
        </translation>
    </message>
    <message>
        <source>Drain the selected node</source>
        <translation />
    </message>
    <message>
        <source>Terminate the selected node</source>
        <translation />
    </message>
    <message>
        <source>Drain node</source>
        <translation />
    </message>
    <message>
        <source>Stops routing new requests to the node; in-flight requests finish.</source>
        <translation />
    </message>
    <message>
        <source>Launch node</source>
        <translation />
    </message>
    <message>
        <source>Starts a new inference node; it registers once its engine is up.</source>
        <translation />
    </message>
    <message>
        <source>Switch routing to %1</source>
        <translation />
    </message>
    <message>
        <source>Changes how the gateway picks a node for each request.</source>
        <translation />
    </message>
    <message>
        <source>Nodes</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::ObjectIndex</name>
    <message>
        <source>%1 · %2 · %3</source>
        <translation />
    </message>
    <message>
        <source>valid</source>
        <translation />
    </message>
    <message>
        <source>of %1 · %2</source>
        <translation />
    </message>
    <message>
        <source>%1 · %2</source>
        <translation />
    </message>
    <message>
        <source>served by nodes</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::OverviewView</name>
    <message>
        <source>API</source>
        <translation />
    </message>
    <message>
        <source>Database</source>
        <translation />
    </message>
    <message>
        <source>Redis</source>
        <translation />
    </message>
    <message>
        <source>Active nodes</source>
        <translation />
    </message>
    <message>
        <source>Stale nodes</source>
        <translation />
    </message>
    <message>
        <source>DB connections</source>
        <translation />
    </message>
    <message>
        <source>n/a</source>
        <translation />
    </message>
    <message>
        <source>The health check needs the 'nodes' permission (sre role).</source>
        <translation />
    </message>
    <message>
        <source>Up</source>
        <translation />
    </message>
    <message>
        <source>Degraded</source>
        <translation />
    </message>
    <message>
        <source>GET /health answered %1</source>
        <translation />
    </message>
    <message>
        <source>serving inference</source>
        <translation />
    </message>
    <message>
        <source>no active nodes: requests get 503</source>
        <translation />
    </message>
    <message>
        <source>%1 ms</source>
        <translation />
    </message>
    <message>
        <source>…</source>
        <translation />
    </message>
    <message>
        <source>measuring (needs two scrapes)</source>
        <translation />
    </message>
    <message>
        <source>Overview</source>
        <translation />
    </message>
    <message>
        <source>Failed inference</source>
        <translation />
    </message>
    <message>
        <source>Gateway requests</source>
        <translation />
    </message>
    <message>
        <source>2xx answered</source>
        <translation />
    </message>
    <message>
        <source>401 bad key</source>
        <translation />
    </message>
    <message>
        <source>403 refused</source>
        <translation />
    </message>
    <message>
        <source>429 rate-limited</source>
        <translation />
    </message>
    <message>
        <source>5xx server error</source>
        <translation />
    </message>
    <message>
        <source>the daemon is not answering</source>
        <translation />
    </message>
    <message>
        <source>unreachable</source>
        <translation />
    </message>
    <message>
        <source>%L1/s</source>
        <translation />
    </message>
    <message>
        <source>/v1 routes over %1 s; mean latency %L2 ms</source>
        <translation />
    </message>
    <message>
        <source>%L1 % of gateway requests</source>
        <translation />
    </message>
    <message>
        <source>%1 of %2 failed or 5xx in %3 min</source>
        <translation />
    </message>
    <message>
        <source>Inference requests in the last %1 min that failed or were answered 5xx (request_logs); refusals (401, 403, 429) are not counted: see the tiles below</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::RateLimitsView</name>
    <message>
        <source>Requests this minute</source>
        <translation />
    </message>
    <message>
        <source>Tokens this minute</source>
        <translation />
    </message>
    <message>
        <source>Concurrent requests</source>
        <translation />
    </message>
    <message>
        <source>Clear counters</source>
        <translation />
    </message>
    <message>
        <source>API key</source>
        <translation />
    </message>
    <message>
        <source>Environment</source>
        <translation />
    </message>
    <message>
        <source>Tenant</source>
        <translation />
    </message>
    <message>
        <source>ID (UUID) — or pick a key in Keys &amp; tenants</source>
        <translation />
    </message>
    <message>
        <source>Show</source>
        <translation />
    </message>
    <message>
        <source>Counters against limits</source>
        <translation />
    </message>
    <message>
        <source>Last minutes</source>
        <translation />
    </message>
    <message>
        <source>Clear rate-limit counters</source>
        <translation />
    </message>
    <message>
        <source>Resets the minute windows and the concurrency counter (temporary relief, runbook §2.1).</source>
        <translation />
    </message>
    <message>
        <source>Choose a key, environment or tenant.</source>
        <translation />
    </message>
    <message>
        <source>Clear the counters</source>
        <translation />
    </message>
    <message>
        <source>Rate-limit counters are not available on this server (GET /admin/ratelimits is missing).</source>
        <translation />
    </message>
    <message>
        <source>Could not read the counters: %1</source>
        <translation />
    </message>
    <message>
        <source>Counters of %1 %2, read %3</source>
        <translation />
    </message>
    <message>
        <source>Rate limits</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::RedisTrendChart</name>
    <message>
        <source>Redis memory</source>
        <translation />
    </message>
    <message>
        <source>Redis operations and keys</source>
        <translation />
    </message>
    <message>
        <source>MiB</source>
        <translation />
    </message>
    <message>
        <source>ops/s</source>
        <translation />
    </message>
    <message>
        <source>keys</source>
        <translation />
    </message>
    <message>
        <source>Used memory</source>
        <translation />
    </message>
    <message>
        <source>Memory alert (MiB)</source>
        <translation />
    </message>
    <message>
        <source>Operations/s</source>
        <translation />
    </message>
    <message>
        <source>/s</source>
        <translation />
    </message>
    <message>
        <source>Keys</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::RedisView</name>
    <message>
        <source>Ping</source>
        <translation />
    </message>
    <message>
        <source>Memory</source>
        <translation />
    </message>
    <message>
        <source>Clients</source>
        <translation />
    </message>
    <message>
        <source>Rate-limit keys</source>
        <translation />
    </message>
    <message>
        <source>Keys</source>
        <translation />
    </message>
    <message>
        <source>Evicted keys</source>
        <translation />
    </message>
    <message>
        <source>Rejected connections</source>
        <translation />
    </message>
    <message>
        <source>Daemon Redis errors</source>
        <translation />
    </message>
    <message>
        <source>Node</source>
        <translation />
    </message>
    <message>
        <source>Role</source>
        <translation />
    </message>
    <message>
        <source>Status</source>
        <translation />
    </message>
    <message>
        <source>Your role cannot read Redis diagnostics (needs 'redis').</source>
        <translation />
    </message>
    <message>
        <source>Redis: %1</source>
        <translation />
    </message>
    <message>
        <source>no answer</source>
        <translation />
    </message>
    <message>
        <source>%1 ms</source>
        <translation />
    </message>
    <message>
        <source>PING round trip from the daemon</source>
        <translation />
    </message>
    <message>
        <source>of %1 (%2)</source>
        <translation />
    </message>
    <message>
        <source>no maxmemory set</source>
        <translation />
    </message>
    <message>
        <source>%1 blocked</source>
        <translation />
    </message>
    <message>
        <source>count truncated (SCAN limit)</source>
        <translation />
    </message>
    <message>
        <source>ratelimit:* keys (SCAN)</source>
        <translation />
    </message>
    <message>
        <source>in the daemon's database</source>
        <translation />
    </message>
    <message>
        <source>since the daemon started</source>
        <translation />
    </message>
    <message>
        <source>Redis %1, up %2 h</source>
        <translation />
    </message>
    <message>
        <source>replica of %1</source>
        <translation />
    </message>
    <message>
        <source>up</source>
        <translation />
    </message>
    <message>
        <source>down</source>
        <translation />
    </message>
    <message>
        <source>Redis</source>
        <translation />
    </message>
    <message>
        <source>Clear all rate-limit counters…</source>
        <translation />
    </message>
    <message>
        <source>FLUSHDB…</source>
        <translation />
    </message>
    <message>
        <source>Runbook §5.2: deletes every ratelimit:* key (SCAN + UNLINK); windows start over</source>
        <translation />
    </message>
    <message>
        <source>Runbook §5.1, last resort: deletes every key of the daemon's Redis database</source>
        <translation />
    </message>
    <message>
        <source>Clear all rate-limit counters</source>
        <translation />
    </message>
    <message>
        <source>FLUSHDB</source>
        <translation />
    </message>
    <message>
        <source>Deletes every ratelimit:* key: all keys' minute windows and concurrency counters start over (runbook §5.2).</source>
        <translation />
    </message>
    <message>
        <source>FLUSHDB deletes every key of the daemon's Redis database: rate-limit and concurrency counters and cached key validations. Type %1 to continue.</source>
        <translation />
    </message>
    <message>
        <source>FLUSHDB not run: the confirmation did not match.</source>
        <translation />
    </message>
    <message>
        <source>Deletes every key of the daemon's Redis database (runbook §5.1).</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::ResultDialog</name>
    <message>
        <source>&lt;b&gt;Done.&lt;/b&gt; Recorded in the audit log as entry &lt;b&gt;%1&lt;/b&gt;.</source>
        <translation />
    </message>
    <message>
        <source>&lt;b&gt;Done.&lt;/b&gt;</source>
        <translation />
    </message>
    <message>
        <source>&lt;b&gt;Not possible:&lt;/b&gt; the dry run was refused (%1): %2</source>
        <translation />
    </message>
    <message>
        <source>&lt;b&gt;Failed&lt;/b&gt; (%1): %2</source>
        <translation />
    </message>
    <message>
        <source>Undo: %1</source>
        <translation />
    </message>
    <message>
        <source>Puts back what “%1” changed (the inverse the daemon named).</source>
        <translation />
    </message>
    <message>
        <source>&amp;Undo…</source>
        <translation />
    </message>
    <message>
        <source>Undo this change</source>
        <translation />
    </message>
    <message>
        <source>&lt;b&gt;No answer:&lt;/b&gt; the daemon did not answer the dry run (%1). Nothing was changed.</source>
        <translation />
    </message>
    <message>
        <source>&lt;b&gt;No answer&lt;/b&gt; (%1): the change may or may not have been applied; refresh to see the current state.</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::RunbookView</name>
    <message>
        <source>Customer's key prefix (for 401/429):</source>
        <translation />
    </message>
    <message>
        <source>Symptom</source>
        <translation />
    </message>
    <message>
        <source>Likely cause</source>
        <translation />
    </message>
    <message>
        <source>Quick fix</source>
        <translation />
    </message>
    <message>
        <source>Choose a symptom: its diagnostics run at once.</source>
        <translation />
    </message>
    <message>
        <source>Diagnostics</source>
        <translation />
    </message>
    <message>
        <source>Remediations (each shows a dry run first)</source>
        <translation />
    </message>
    <message>
        <source>%1 — %2 (runbook %3)</source>
        <translation />
    </message>
    <message>
        <source>not available on this server</source>
        <translation />
    </message>
    <message>
        <source>overall: %1</source>
        <translation />
    </message>
    <message>
        <source>key is valid</source>
        <translation />
    </message>
    <message>
        <source>key rejected: %1</source>
        <translation />
    </message>
    <message numerus="yes">
        <source>%n node(s)</source>
        <translation>
            <numerusform>%n node</numerusform>
            <numerusform>%n nodes</numerusform>
        </translation>
    </message>
    <message>
        <source>strategy: %1</source>
        <translation />
    </message>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n record</numerusform>
            <numerusform>%n records</numerusform>
        </translation>
    </message>
    <message>
        <source>answered</source>
        <translation />
    </message>
    <message>
        <source>needs the customer's key prefix</source>
        <translation />
    </message>
    <message>
        <source>Needs what the diagnostics find first (a key by its prefix, or a node's model).</source>
        <translation />
    </message>
    <message>
        <source>Runbook</source>
        <translation />
    </message>
    <message>
        <source>%1, health %2, heartbeat %3 s ago%4, %5</source>
        <translation />
    </message>
    <message>
        <source> (stale)</source>
        <translation />
    </message>
    <message>
        <source>key %1, tenant %2, environment %3, %4</source>
        <translation />
    </message>
    <message>
        <source>valid</source>
        <translation />
    </message>
    <message>
        <source>invalid: %1</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation />
    </message>
    <message>
        <source>Open the %1 menu</source>
        <translation />
    </message>
    <message>
        <source>Command bar, when the focus is not in a text field</source>
        <translation />
    </message>
    <message>
        <source>Up, Down, Enter, Esc</source>
        <translation />
    </message>
    <message>
        <source>Command bar: choose, go, close</source>
        <translation />
    </message>
    <message>
        <source>Enter or double-click</source>
        <translation />
    </message>
    <message>
        <source>Tables and detail panel: open the key, tenant, environment, node or model of the row</source>
        <translation />
    </message>
    <message>
        <source>Menu key or right-click</source>
        <translation />
    </message>
    <message>
        <source>Tables: open or copy any object the row names</source>
        <translation />
    </message>
    <message>
        <source>Ctrl+Shift+C</source>
        <translation />
    </message>
    <message>
        <source>Tables: copy the row's id</source>
        <translation />
    </message>
    <message>
        <source>Ctrl+C</source>
        <translation />
    </message>
    <message>
        <source>Detail panel: copy the row's id (or its value)</source>
        <translation />
    </message>
    <message>
        <source>Alt+underlined letter</source>
        <translation />
    </message>
    <message>
        <source>Press that button (e.g. Alt+R: Revoke key in the detail panel)</source>
        <translation />
    </message>
    <message>
        <source>Enter, Esc</source>
        <translation />
    </message>
    <message>
        <source>Confirmation dialogs: apply, cancel</source>
        <translation />
    </message>
    <message>
        <source>Tab, Shift+Tab</source>
        <translation />
    </message>
    <message>
        <source>Next, previous control</source>
        <translation />
    </message>
    <message>
        <source>Keys</source>
        <translation />
    </message>
    <message>
        <source>What it does</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::SpendChart</name>
    <message>
        <source>Spent</source>
        <translation />
    </message>
    <message>
        <source>Remaining</source>
        <translation />
    </message>
    <message>
        <source>%1: %2 of %3 (%4 %)</source>
        <translation />
    </message>
    <message>
        <source>%1 · %2 %</source>
        <translation />
    </message>
    <message>
        <source>prepaid credit</source>
        <translation />
    </message>
    <message>
        <source>%1, %2</source>
        <translation />
    </message>
    <message>
        <source>No budget and no prepaid credit: only rate limits apply to this tenant</source>
        <translation />
    </message>
    <message>
        <source>share of the limit (%)</source>
        <translation />
    </message>
    <message>
        <source>Spend this period against each budget</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::SpendPanel</name>
    <message>
        <source>key</source>
        <translation />
    </message>
    <message>
        <source>environment</source>
        <translation />
    </message>
    <message>
        <source>tenant</source>
        <translation />
    </message>
    <message>
        <source>Level</source>
        <translation />
    </message>
    <message>
        <source>Applies to</source>
        <translation />
    </message>
    <message>
        <source>Period</source>
        <translation />
    </message>
    <message>
        <source>Limit</source>
        <translation />
    </message>
    <message>
        <source>Spent</source>
        <translation />
    </message>
    <message>
        <source>Remaining</source>
        <translation />
    </message>
    <message>
        <source>Used</source>
        <translation />
    </message>
    <message>
        <source>Resets</source>
        <translation />
    </message>
    <message>
        <source>never (lifetime)</source>
        <translation />
    </message>
    <message>
        <source>Time</source>
        <translation />
    </message>
    <message>
        <source>Amount</source>
        <translation />
    </message>
    <message>
        <source>Source</source>
        <translation />
    </message>
    <message>
        <source>Reference</source>
        <translation />
    </message>
    <message>
        <source>Credited in total</source>
        <translation />
    </message>
    <message>
        <source>Balance after</source>
        <translation />
    </message>
    <message>
        <source>Set tenant budget…</source>
        <translation />
    </message>
    <message>
        <source>Raise budget…</source>
        <translation />
    </message>
    <message>
        <source>Remove budget</source>
        <translation />
    </message>
    <message>
        <source>Credit balance…</source>
        <translation />
    </message>
    <message>
        <source>Tenant whose spend is shown</source>
        <translation />
    </message>
    <message>
        <source>&amp;Tenant:</source>
        <translation />
    </message>
    <message>
        <source>Budgets — spend this period (PostgreSQL's billed usage; requests in flight not included)</source>
        <translation />
    </message>
    <message>
        <source>Prepaid credit and ledger (newest first)</source>
        <translation />
    </message>
    <message>
        <source>Remove budget of %1</source>
        <translation />
    </message>
    <message>
        <source>Requests of %1 are no longer capped by this budget (other budgets and the prepaid credit still apply).</source>
        <translation />
    </message>
    <message>
        <source>Tenants: your role lacks the permission (%1).</source>
        <translation />
    </message>
    <message>
        <source>Tenants: %1</source>
        <translation />
    </message>
    <message>
        <source>No tenant yet.</source>
        <translation />
    </message>
    <message>
        <source>Spend: your role lacks the permission (%1).</source>
        <translation />
    </message>
    <message>
        <source>Spend: %1</source>
        <translation />
    </message>
    <message>
        <source>Postpaid: no prepaid credit (budgets only). The first credit makes the tenant prepaid.</source>
        <translation />
    </message>
    <message>
        <source>Prepaid balance: &lt;b&gt;%1&lt;/b&gt; — %2 credited, %3 spent since %4</source>
        <translation />
    </message>
    <message>
        <source>%1 needs the '%2' permission, which the %3 role does not have.</source>
        <translation />
    </message>
    <message>
        <source>Change tenant budget…</source>
        <translation />
    </message>
    <message>
        <source>Sets the tenant's budget (all its keys together).</source>
        <translation />
    </message>
    <message>
        <source>Choose a tenant first.</source>
        <translation />
    </message>
    <message>
        <source>Raises (or lowers) the selected budget.</source>
        <translation />
    </message>
    <message>
        <source>Select a budget in the table first.</source>
        <translation />
    </message>
    <message>
        <source>Removes the selected budget.</source>
        <translation />
    </message>
    <message>
        <source>Adds prepaid credit to the tenant's balance.</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::TokenStore</name>
    <message>
        <source>no keychain service (no D-Bus session bus); the token is kept for this session only</source>
        <translation />
    </message>
    <message>
        <source>offscreen session: the keychain is not used; the token is kept for this session only</source>
        <translation />
    </message>
    <message>
        <source>the keychain refused the token: %1</source>
        <translation />
    </message>
</context>
<context>
    <name>crosslogic::console::TrafficChart</name>
    <message>
        <source>Requests/s</source>
        <translation />
    </message>
    <message>
        <source>req/s</source>
        <translation />
    </message>
    <message>
        <source>Gateway traffic</source>
        <translation />
    </message>
    <message>
        <source>429 %</source>
        <translation />
    </message>
    <message>
        <source>/s</source>
        <translation />
    </message>
    <message>
        <source>429/s</source>
        <translation />
    </message>
    <message>
        <source>5xx/s</source>
        <translation />
    </message>
    <message>
        <source>429 share</source>
        <translation />
    </message>
    <message>
        <source>429 share alert (per key)</source>
        <translation />
    </message>
</context>
</TS>
