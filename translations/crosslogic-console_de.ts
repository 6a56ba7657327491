<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="de_DE">
<context>
    <name>ConsoleOptions</name>
    <message>
        <source>CrossLogic operations console (admin API only).</source>
        <translation>CrossLogic-Betriebskonsole (nur Admin-API).</translation>
    </message>
    <message>
        <source>Connect to this daemon at once, with the token from CROSSLOGIC_ADMIN_TOKEN.</source>
        <translation>Sofort mit diesem Daemon verbinden, mit dem Token aus CROSSLOGIC_ADMIN_TOKEN.</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Profile name shown in the banner (e.g. staging, production).</source>
        <translation>Profilname im Banner (z. B. staging, production).</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>Render every view to DIR/&lt;view&gt;.png once its data loaded, then exit.</source>
        <translation>Jede Ansicht nach dem Laden als VERZ/&lt;Ansicht&gt;.png speichern, dann beenden.</translation>
    </message>
    <message>
        <source>DIR</source>
        <translation>VERZ</translation>
    </message>
    <message>
        <source>Contact-escalation JSON file (runbook §10).</source>
        <translation>JSON-Datei der Eskalationskontakte (Runbook §10).</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>DATEI</translation>
    </message>
</context>
<context>
    <name>DetailFormat</name>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation>unbegrenzt</translation>
    </message>
    <message>
        <source>%1 (no limit)</source>
        <translation>%1 (kein Limit)</translation>
    </message>
    <message>
        <source>%1 of %2 (%3 %)</source>
        <translation>%1 von %2 (%3 %)</translation>
    </message>
    <message>
        <source>in the future</source>
        <translation>in der Zukunft</translation>
    </message>
    <message>
        <source>%1 s ago</source>
        <translation>vor %1 s</translation>
    </message>
    <message>
        <source>%1 min ago</source>
        <translation>vor %1 min</translation>
    </message>
    <message>
        <source>%1 h ago</source>
        <translation>vor %1 h</translation>
    </message>
    <message>
        <source>%1 days ago</source>
        <translation>vor %1 Tagen</translation>
    </message>
</context>
<context>
    <name>EscalationConfig</name>
    <message>
        <source>no "contacts" entries</source>
        <translation>keine "contacts"-Einträge</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 — showing the default table</source>
        <translation>%1 — die Standardtabelle wird angezeigt</translation>
    </message>
    <message>
        <source>built-in default (runbook §10)</source>
        <translation>eingebauter Standard (Runbook §10)</translation>
    </message>
    <message>
        <source>Infrastructure</source>
        <translation>Infrastruktur</translation>
    </message>
    <message>
        <source>On-call SRE</source>
        <translation>SRE in Bereitschaft</translation>
    </message>
    <message>
        <source>Platform Lead</source>
        <translation>Plattform-Leitung</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <source>DBA on-call</source>
        <translation>DBA in Bereitschaft</translation>
    </message>
    <message>
        <source>Database Lead</source>
        <translation>Datenbank-Leitung</translation>
    </message>
    <message>
        <source>Billing</source>
        <translation>Abrechnung</translation>
    </message>
    <message>
        <source>Billing team</source>
        <translation>Abrechnungsteam</translation>
    </message>
    <message>
        <source>Finance Lead</source>
        <translation>Finanzleitung</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>Sicherheit</translation>
    </message>
    <message>
        <source>Security on-call</source>
        <translation>Sicherheit in Bereitschaft</translation>
    </message>
    <message>
        <source>Security Lead</source>
        <translation>Sicherheitsleitung</translation>
    </message>
    <message>
        <source>Customer-facing</source>
        <translation>Kundenseitig</translation>
    </message>
    <message>
        <source>Support team</source>
        <translation>Support-Team</translation>
    </message>
    <message>
        <source>Customer Success</source>
        <translation>Customer Success</translation>
    </message>
</context>
<context>
    <name>KeyDetail</name>
    <message>
        <source>Key %1</source>
        <translation>Schlüssel %1</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Prefix</source>
        <translation>Präfix</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>Zuletzt benutzt</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Angelegt</translation>
    </message>
    <message>
        <source>What the gateway answers now</source>
        <translation>Was das Gateway jetzt antwortet</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <source>200 — key accepted (rate limits apply)</source>
        <translation>200 — Schlüssel angenommen (Rate-Limits gelten)</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Begründung</translation>
    </message>
    <message>
        <source>Rate limited</source>
        <translation>Rate-begrenzt</translation>
    </message>
    <message>
        <source>429 for %1 of its %2 requests in the last %3 s</source>
        <translation>429 für %1 seiner %2 Anfragen in den letzten %3 s</translation>
    </message>
    <message>
        <source>Last %1 s at the gateway</source>
        <translation>Letzte %1 s am Gateway</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>Answered %1</source>
        <translation>Mit %1 beantwortet</translation>
    </message>
    <message>
        <source>Belongs to</source>
        <translation>Gehört zu</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Mandant</translation>
    </message>
    <message>
        <source>Tenant status reason</source>
        <translation>Grund des Mandantenstatus</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <source>&amp;Revoke key</source>
        <translation>Schlüssel &amp;widerrufen</translation>
    </message>
    <message>
        <source>Revoke key %1</source>
        <translation>Schlüssel %1 widerrufen</translation>
    </message>
    <message>
        <source>Requests with this key are rejected with 401 at once, on every replica.</source>
        <translation>Anfragen mit diesem Schlüssel werden sofort auf jeder Replik mit 401 abgelehnt.</translation>
    </message>
    <message>
        <source>Ac&amp;tivate key</source>
        <translation>Schlüssel ak&amp;tivieren</translation>
    </message>
    <message>
        <source>Activate key %1</source>
        <translation>Schlüssel %1 aktivieren</translation>
    </message>
    <message>
        <source>Accepts the key again (runbook §1.1).</source>
        <translation>Akzeptiert den Schlüssel wieder (Runbook §1.1).</translation>
    </message>
    <message>
        <source>Clear auth &amp;cache</source>
        <translation>Auth-&amp;Cache leeren</translation>
    </message>
    <message>
        <source>Clear auth cache of %1</source>
        <translation>Auth-Cache von %1 leeren</translation>
    </message>
    <message>
        <source>Drops the cached validation everywhere; the next request re-validates.</source>
        <translation>Verwirft die zwischengespeicherte Prüfung überall; die nächste Anfrage prüft neu.</translation>
    </message>
    <message>
        <source>Limits and live use</source>
        <translation>Limits und aktuelle Nutzung</translation>
    </message>
    <message>
        <source>Requests per minute</source>
        <translation>Anfragen pro Minute</translation>
    </message>
    <message>
        <source>Tokens per minute</source>
        <translation>Tokens pro Minute</translation>
    </message>
    <message>
        <source>Concurrent requests</source>
        <translation>Parallele Anfragen</translation>
    </message>
    <message>
        <source>Minute resets in</source>
        <translation>Minute beginnt neu in</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
</context>
<context>
    <name>MenuBar</name>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Next view</source>
        <translation>&amp;Nächste Ansicht</translation>
    </message>
    <message>
        <source>&amp;Previous view</source>
        <translation>&amp;Vorherige Ansicht</translation>
    </message>
    <message>
        <source>&amp;Details panel</source>
        <translation>&amp;Detailbereich</translation>
    </message>
    <message>
        <source>&amp;Actions</source>
        <translation>A&amp;ktionen</translation>
    </message>
    <message>
        <source>&amp;Go to… (command bar)</source>
        <translation>&amp;Gehe zu … (Befehlsleiste)</translation>
    </message>
    <message>
        <source>&amp;Back to the previous object</source>
        <translation>&amp;Zurück zum vorigen Objekt</translation>
    </message>
    <message>
        <source>&amp;Reload the details</source>
        <translation>Details &amp;neu laden</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>&amp;About CrossLogic Console</source>
        <translation>&amp;Über CrossLogic Console</translation>
    </message>
    <message>
        <source>About CrossLogic Console</source>
        <translation>Über CrossLogic Console</translation>
    </message>
    <message>
        <source>CrossLogic Console %1 — operations console for the CrossLogic inference platform.</source>
        <translation>CrossLogic Console %1 — Betriebskonsole der CrossLogic-Inferenzplattform.</translation>
    </message>
</context>
<context>
    <name>NodeDetail</name>
    <message>
        <source>Health, last hour</source>
        <translation>Gesundheit, letzte Stunde</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>no samples yet</source>
        <translation>noch keine Messwerte</translation>
    </message>
    <message>
        <source>Lowest / highest</source>
        <translation>Niedrigster / höchster</translation>
    </message>
    <message>
        <source>Node %1</source>
        <translation>Knoten %1</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Health score</source>
        <translation>Gesundheitswert</translation>
    </message>
    <message>
        <source>Last heartbeat</source>
        <translation>Letzter Heartbeat</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source> — stale</source>
        <translation> — veraltet</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Wo</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <source>Gateway's view and recent errors</source>
        <translation>Sicht des Gateways und letzte Fehler</translation>
    </message>
    <message>
        <source>Status message</source>
        <translation>Statusmeldung</translation>
    </message>
    <message>
        <source>Circuit breaker</source>
        <translation>Circuit Breaker</translation>
    </message>
    <message>
        <source>not routed (only active nodes are)</source>
        <translation>nicht im Routing (nur aktive Knoten sind es)</translation>
    </message>
    <message>
        <source>Failures / requests</source>
        <translation>Fehler / Anfragen</translation>
    </message>
    <message>
        <source>Consecutive failures</source>
        <translation>Fehler in Folge</translation>
    </message>
    <message>
        <source>Effective health</source>
        <translation>Effektive Gesundheit</translation>
    </message>
    <message>
        <source>Routing strategy</source>
        <translation>Routing-Strategie</translation>
    </message>
    <message>
        <source>Serves</source>
        <translation>Bedient</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>&amp;Drain node</source>
        <translation>Knoten d&amp;rainen</translation>
    </message>
    <message>
        <source>Drain node %1</source>
        <translation>Knoten %1 drainen</translation>
    </message>
    <message>
        <source>Stops routing new requests to the node; in-flight requests finish.</source>
        <translation>Leitet keine neuen Anfragen mehr an den Knoten; laufende werden beendet.</translation>
    </message>
    <message>
        <source>Model %1</source>
        <translation>Modell %1</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Nodes (%1)</source>
        <translation>Knoten (%1)</translation>
    </message>
    <message>
        <source>%1, health %2%3</source>
        <translation>%1, Gesundheit %2%3</translation>
    </message>
    <message>
        <source>, stale</source>
        <translation>, veraltet</translation>
    </message>
    <message>
        <source>Routable nodes</source>
        <translation>Routbare Knoten</translation>
    </message>
</context>
<context>
    <name>ObjectRef</name>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Mandant</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
</context>
<context>
    <name>RetryVerdict</name>
    <message numerus="yes">
        <source>fixed: %n event(s) processed</source>
        <translation>
            <numerusform>behoben: %n Ereignis verarbeitet</numerusform>
            <numerusform>behoben: %n Ereignisse verarbeitet</numerusform>
        </translation>
    </message>
    <message>
        <source>still failing after %1 s: %2 of %3 event(s) failed again — %4</source>
        <translation>schlägt nach %1 s weiter fehl: %2 von %3 Ereignis(sen) erneut fehlgeschlagen — %4</translation>
    </message>
    <message>
        <source>no verdict after %1 s: %2 of %3 event(s) still waiting for the billing worker</source>
        <translation>kein Ergebnis nach %1 s: %2 von %3 Ereignis(sen) warten noch auf den Abrechnungsdienst</translation>
    </message>
    <message>
        <source>re-processing %1 event(s)… %2 processed, %3 failed again so far</source>
        <translation>verarbeite %1 Ereignis(se) neu… bisher %2 verarbeitet, %3 erneut fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>SpendDetail</name>
    <message>
        <source>Key budget</source>
        <translation>Budget des Schlüssels</translation>
    </message>
    <message>
        <source>Environment budget</source>
        <translation>Budget der Umgebung</translation>
    </message>
    <message>
        <source>Tenant budget</source>
        <translation>Budget des Mandanten</translation>
    </message>
    <message>
        <source>resets %1</source>
        <translation>zurückgesetzt %1</translation>
    </message>
    <message>
        <source>never resets</source>
        <translation>wird nie zurückgesetzt</translation>
    </message>
    <message>
        <source>%1 of %2 spent (%3 %), %4 left · %5</source>
        <translation>%1 von %2 ausgegeben (%3 %), %4 übrig · %5</translation>
    </message>
    <message>
        <source>Budgets and spend</source>
        <translation>Budgets und Ausgaben</translation>
    </message>
    <message>
        <source>Budgets</source>
        <translation>Budgets</translation>
    </message>
    <message>
        <source>none — only rate limits apply</source>
        <translation>keine — es gelten nur die Ratenlimits</translation>
    </message>
    <message>
        <source>Prepaid balance</source>
        <translation>Guthaben (Vorauszahlung)</translation>
    </message>
    <message>
        <source>%1 of %2 credited</source>
        <translation>%1 von %2 gutgeschrieben</translation>
    </message>
    <message>
        <source>postpaid (no prepaid credit)</source>
        <translation>nachträgliche Abrechnung (kein Guthaben)</translation>
    </message>
    <message>
        <source>Set &amp;budget…</source>
        <translation>&amp;Budget festlegen…</translation>
    </message>
    <message>
        <source>Raise &amp;budget…</source>
        <translation>&amp;Budget erhöhen…</translation>
    </message>
    <message>
        <source>Set budget of %1</source>
        <translation>Budget für %1 festlegen</translation>
    </message>
    <message>
        <source>Raise budget of %1</source>
        <translation>Budget für %1 erhöhen</translation>
    </message>
    <message>
        <source>Caps the spend of %1 per day, month or lifetime; previewed before it applies.</source>
        <translation>Begrenzt die Ausgaben von %1 pro Tag, Monat oder insgesamt; vor dem Anwenden als Vorschau gezeigt.</translation>
    </message>
</context>
<context>
    <name>SymptomCatalogue</name>
    <message>
        <source>401 errors</source>
        <translation>401-Fehler</translation>
    </message>
    <message>
        <source>Invalid API key</source>
        <translation>Ungültiger API-Schlüssel</translation>
    </message>
    <message>
        <source>Check key status</source>
        <translation>Schlüsselstatus prüfen</translation>
    </message>
    <message>
        <source>Key, tenant and environment status</source>
        <translation>Status von Schlüssel, Mandant und Umgebung</translation>
    </message>
    <message>
        <source>Activate key</source>
        <translation>Schlüssel aktivieren</translation>
    </message>
    <message>
        <source>Accepts the key again.</source>
        <translation>Akzeptiert den Schlüssel wieder.</translation>
    </message>
    <message>
        <source>Activate tenant</source>
        <translation>Mandant aktivieren</translation>
    </message>
    <message>
        <source>Re-activates a suspended tenant.</source>
        <translation>Aktiviert einen gesperrten Mandanten wieder.</translation>
    </message>
    <message>
        <source>Activate environment</source>
        <translation>Umgebung aktivieren</translation>
    </message>
    <message>
        <source>Re-enables a disabled environment.</source>
        <translation>Aktiviert eine deaktivierte Umgebung wieder.</translation>
    </message>
    <message>
        <source>Clear auth cache</source>
        <translation>Auth-Cache leeren</translation>
    </message>
    <message>
        <source>Forces re-validation on every replica.</source>
        <translation>Erzwingt erneute Prüfung auf jeder Replik.</translation>
    </message>
    <message>
        <source>429 errors</source>
        <translation>429-Fehler</translation>
    </message>
    <message>
        <source>Rate limit exceeded</source>
        <translation>Ratenlimit überschritten</translation>
    </message>
    <message>
        <source>Check rate-limit counters</source>
        <translation>Ratenlimit-Zähler prüfen</translation>
    </message>
    <message>
        <source>Configured limits</source>
        <translation>Konfigurierte Limits</translation>
    </message>
    <message>
        <source>Counters against limits</source>
        <translation>Zähler gegen Limits</translation>
    </message>
    <message>
        <source>Raise key limit to 120 requests/min</source>
        <translation>Schlüssellimit auf 120 Anfragen/min anheben</translation>
    </message>
    <message>
        <source>As in the runbook: UPDATE api_keys SET rate_limit_requests_per_min = 120.</source>
        <translation>Wie im Runbook: UPDATE api_keys SET rate_limit_requests_per_min = 120.</translation>
    </message>
    <message>
        <source>Clear rate-limit counters</source>
        <translation>Ratenlimit-Zähler zurücksetzen</translation>
    </message>
    <message>
        <source>Temporary relief: resets the minute window and concurrency counter.</source>
        <translation>Vorübergehende Entlastung: setzt Minutenfenster und Parallelitätszähler zurück.</translation>
    </message>
    <message>
        <source>502/503 errors</source>
        <translation>502/503-Fehler</translation>
    </message>
    <message>
        <source>No healthy nodes</source>
        <translation>Keine gesunden Knoten</translation>
    </message>
    <message>
        <source>Check node status, launch new nodes</source>
        <translation>Knotenstatus prüfen, neue Knoten starten</translation>
    </message>
    <message>
        <source>Quick health check</source>
        <translation>Schneller Gesundheitscheck</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Mark stale nodes draining</source>
        <translation>Veraltete Knoten auf Draining setzen</translation>
    </message>
    <message>
        <source>Active nodes without a heartbeat stop receiving requests.</source>
        <translation>Aktive Knoten ohne Heartbeat erhalten keine Anfragen mehr.</translation>
    </message>
    <message>
        <source>Launch a node</source>
        <translation>Knoten starten</translation>
    </message>
    <message>
        <source>Starts a new node for the model.</source>
        <translation>Startet einen neuen Knoten für das Modell.</translation>
    </message>
    <message>
        <source>High latency</source>
        <translation>Hohe Latenz</translation>
    </message>
    <message>
        <source>Overloaded nodes</source>
        <translation>Überlastete Knoten</translation>
    </message>
    <message>
        <source>Scale up, check load balancer</source>
        <translation>Hochskalieren, Load Balancer prüfen</translation>
    </message>
    <message>
        <source>Node health and load</source>
        <translation>Knotengesundheit und Last</translation>
    </message>
    <message>
        <source>Routing strategy</source>
        <translation>Routing-Strategie</translation>
    </message>
    <message>
        <source>Switch to least-latency routing</source>
        <translation>Auf Routing nach geringster Latenz umstellen</translation>
    </message>
    <message>
        <source>Routes each request to the node with the lowest recent latency.</source>
        <translation>Leitet jede Anfrage an den Knoten mit der geringsten aktuellen Latenz.</translation>
    </message>
    <message>
        <source>Adds capacity for the model.</source>
        <translation>Erhöht die Kapazität für das Modell.</translation>
    </message>
    <message>
        <source>Missing usage data</source>
        <translation>Fehlende Nutzungsdaten</translation>
    </message>
    <message>
        <source>Billing job failed</source>
        <translation>Abrechnungsjob fehlgeschlagen</translation>
    </message>
    <message>
        <source>Check billing service</source>
        <translation>Abrechnungsdienst prüfen</translation>
    </message>
    <message>
        <source>Recent usage records</source>
        <translation>Aktuelle Nutzungsdatensätze</translation>
    </message>
    <message>
        <source>Failed billing events</source>
        <translation>Fehlgeschlagene Abrechnungsereignisse</translation>
    </message>
    <message>
        <source>Re-process failed billing events</source>
        <translation>Fehlgeschlagene Abrechnungsereignisse neu verarbeiten</translation>
    </message>
    <message>
        <source>The billing worker retries them.</source>
        <translation>Der Abrechnungs-Worker versucht sie erneut.</translation>
    </message>
    <message>
        <source>Backfill usage</source>
        <translation>Nutzung nachtragen</translation>
    </message>
    <message>
        <source>Creates missing usage records from request logs.</source>
        <translation>Erzeugt fehlende Nutzungsdatensätze aus den Anfrageprotokollen.</translation>
    </message>
</context>
<context>
    <name>TableLinks</name>
    <message>
        <source>Copy id</source>
        <translation>ID kopieren</translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation>%1 öffnen</translation>
    </message>
    <message>
        <source>Copy id: %1</source>
        <translation>ID kopieren: %1</translation>
    </message>
</context>
<context>
    <name>TenantDetail</name>
    <message>
        <source>Keys</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Keys (%1)</source>
        <translation>Schlüssel (%1)</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>gültig</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Mandant</translation>
    </message>
    <message>
        <source>Tenant %1</source>
        <translation>Mandant %1</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Status reason</source>
        <translation>Statusgrund</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Angelegt</translation>
    </message>
    <message>
        <source>&amp;Suspend tenant</source>
        <translation>Mandant &amp;sperren</translation>
    </message>
    <message>
        <source>Suspend tenant %1</source>
        <translation>Mandant %1 sperren</translation>
    </message>
    <message>
        <source>Every key of the tenant is refused with 403 tenant_suspended.</source>
        <translation>Jeder Schlüssel des Mandanten wird mit 403 tenant_suspended abgewiesen.</translation>
    </message>
    <message>
        <source>Ac&amp;tivate tenant</source>
        <translation>Mandant ak&amp;tivieren</translation>
    </message>
    <message>
        <source>Activate tenant %1</source>
        <translation>Mandant %1 aktivieren</translation>
    </message>
    <message>
        <source>Re-activates the tenant; all its keys are accepted again.</source>
        <translation>Aktiviert den Mandanten wieder; alle seine Schlüssel werden wieder akzeptiert.</translation>
    </message>
    <message>
        <source>Cr&amp;edit balance…</source>
        <translation>Guthab&amp;en aufladen…</translation>
    </message>
    <message>
        <source>Credit the balance of tenant %1</source>
        <translation>Guthaben des Mandanten %1 aufladen</translation>
    </message>
    <message>
        <source>Adds prepaid credit; previewed before it applies.</source>
        <translation>Lädt Guthaben auf; vor dem Anwenden als Vorschau gezeigt.</translation>
    </message>
    <message>
        <source>Environments</source>
        <translation>Umgebungen</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <source>Environment %1</source>
        <translation>Umgebung %1</translation>
    </message>
    <message>
        <source>Belongs to</source>
        <translation>Gehört zu</translation>
    </message>
    <message>
        <source>D&amp;isable environment</source>
        <translation>Umgebung deakt&amp;ivieren</translation>
    </message>
    <message>
        <source>Disable environment %1</source>
        <translation>Umgebung %1 deaktivieren</translation>
    </message>
    <message>
        <source>Every key of the environment is refused with 403 environment_disabled.</source>
        <translation>Jeder Schlüssel der Umgebung wird mit 403 environment_disabled abgewiesen.</translation>
    </message>
    <message>
        <source>Ac&amp;tivate environment</source>
        <translation>Umgebung ak&amp;tivieren</translation>
    </message>
    <message>
        <source>Activate environment %1</source>
        <translation>Umgebung %1 aktivieren</translation>
    </message>
    <message>
        <source>Re-activates the environment; its keys are accepted again.</source>
        <translation>Aktiviert die Umgebung wieder; ihre Schlüssel werden wieder akzeptiert.</translation>
    </message>
</context>
<context>
    <name>crosslogic::AdminClient</name>
    <message>
        <source>connection refused</source>
        <translation>Verbindung abgelehnt</translation>
    </message>
    <message>
        <source>the daemon closed the connection without answering</source>
        <translation>der Daemon hat die Verbindung ohne Antwort geschlossen</translation>
    </message>
    <message>
        <source>host not found</source>
        <translation>Host nicht gefunden</translation>
    </message>
    <message>
        <source>%1 answered %2</source>
        <translation>%1 hat mit %2 geantwortet</translation>
    </message>
    <message>
        <source>%1: a proxy answered %2</source>
        <translation>%1: ein Proxy hat mit %2 geantwortet</translation>
    </message>
    <message>
        <source>timed out: no answer within %L1 s</source>
        <translation>Zeitüberschreitung: keine Antwort innerhalb von %L1 s</translation>
    </message>
</context>
<context>
    <name>crosslogic::console</name>
    <message>
        <source>%1 chart</source>
        <translation>Diagramm %1</translation>
    </message>
    <message>
        <source>%1 table</source>
        <translation>Tabelle %1</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::AlertListModel</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 d</translation>
    </message>
    <message>
        <source>critical</source>
        <translation>kritisch</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>tenant</source>
        <translation>Mandant</translation>
    </message>
    <message>
        <source>environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <source>replica</source>
        <translation>Replikat</translation>
    </message>
    <message>
        <source>billing event</source>
        <translation>Abrechnungsereignis</translation>
    </message>
    <message>
        <source>database backend</source>
        <translation>Datenbank-Backend</translation>
    </message>
    <message>
        <source>Redis key</source>
        <translation>Redis-Schlüssel</translation>
    </message>
    <message>
        <source>database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <source>Redis</source>
        <translation>Redis</translation>
    </message>
    <message>
        <source>firing</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>anstehend</translation>
    </message>
    <message>
        <source>acknowledged by %1</source>
        <translation>übernommen von %1</translation>
    </message>
    <message>
        <source>silenced until %1</source>
        <translation>stummgeschaltet bis %1</translation>
    </message>
    <message>
        <source>fix applied (audit %1)</source>
        <translation>Behebung angewendet (Audit %1)</translation>
    </message>
    <message>
        <source>%1 — rule %2 (alert #%3)</source>
        <translation>%1 — Regel %2 (Alarm #%3)</translation>
    </message>
    <message>
        <source>since %1</source>
        <translation>seit %1</translation>
    </message>
    <message>
        <source>%1 %2 — id %3</source>
        <translation>%1 %2 — ID %3</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Schweregrad</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Alter</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Was</translation>
    </message>
    <message>
        <source>Objects</source>
        <translation>Objekte</translation>
    </message>
    <message>
        <source>Runbook</source>
        <translation>Runbook</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::AlertPanel</name>
    <message>
        <source>Fix…</source>
        <translation>Beheben…</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>Übernehmen</translation>
    </message>
    <message>
        <source>Silence 1 h</source>
        <translation>1 h stummschalten</translation>
    </message>
    <message>
        <source>Open alerts</source>
        <translation>Offene Alarme</translation>
    </message>
    <message>
        <source>Acknowledge alert #%1</source>
        <translation>Alarm #%1 übernehmen</translation>
    </message>
    <message>
        <source>Records that you are working on it: %1</source>
        <translation>Hält fest, dass Sie daran arbeiten: %1</translation>
    </message>
    <message>
        <source>Unsilence alert #%1</source>
        <translation>Stummschaltung von Alarm #%1 aufheben</translation>
    </message>
    <message>
        <source>Notifications of this alert resume: %1</source>
        <translation>Benachrichtigungen zu diesem Alarm laufen wieder: %1</translation>
    </message>
    <message>
        <source>Silence alert #%1 for 1 h</source>
        <translation>Alarm #%1 für 1 h stummschalten</translation>
    </message>
    <message>
        <source>No firing notification for this alert during the next hour: %1</source>
        <translation>In der nächsten Stunde keine Auslöse-Benachrichtigung zu diesem Alarm: %1</translation>
    </message>
    <message>
        <source>Alerts unavailable: %1</source>
        <translation>Alarme nicht verfügbar: %1</translation>
    </message>
    <message>
        <source>Loading alerts…</source>
        <translation>Alarme werden geladen…</translation>
    </message>
    <message>
        <source>No open alerts: none of the daemon's checks finds a problem.</source>
        <translation>Keine offenen Alarme: keine Prüfung des Daemons findet ein Problem.</translation>
    </message>
    <message numerus="yes">
        <source>%n alert(s) firing</source>
        <translation>
            <numerusform>%n Alarm aktiv</numerusform>
            <numerusform>%n Alarme aktiv</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n critical</source>
        <translation>
            <numerusform>%n kritisch</numerusform>
            <numerusform>%n kritisch</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning</source>
        <translation>
            <numerusform>%n Warnung</numerusform>
            <numerusform>%n Warnungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n info</source>
        <translation>
            <numerusform>%n Info</numerusform>
            <numerusform>%n Infos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n pending</source>
        <translation>
            <numerusform>, %n anstehend</numerusform>
            <numerusform>, %n anstehend</numerusform>
        </translation>
    </message>
    <message>
        <source> · live</source>
        <translation> · live</translation>
    </message>
    <message>
        <source> · stream down, polling every 3 s</source>
        <translation> · Stream unterbrochen, Abfrage alle 3 s</translation>
    </message>
    <message>
        <source>Needs the 'alerts' permission, which the %1 role does not have.</source>
        <translation>Braucht die Berechtigung 'alerts', die die Rolle %1 nicht hat.</translation>
    </message>
    <message>
        <source>Select an alert first</source>
        <translation>Zuerst einen Alarm auswählen</translation>
    </message>
    <message>
        <source>The fixes the daemon lists for this alert, each previewed by a dry run</source>
        <translation>Die Behebungen, die der Daemon für diesen Alarm nennt, jeweils mit Probelauf-Vorschau</translation>
    </message>
    <message>
        <source>The daemon lists no fix for this alert: see its runbook section</source>
        <translation>Der Daemon nennt keine Behebung für diesen Alarm: siehe seinen Runbook-Abschnitt</translation>
    </message>
    <message>
        <source>Record that you are on it (audited)</source>
        <translation>Festhalten, dass Sie daran arbeiten (protokolliert)</translation>
    </message>
    <message>
        <source>Unsilence</source>
        <translation>Stummschaltung aufheben</translation>
    </message>
    <message>
        <source>No firing notification for an hour (audited)</source>
        <translation>Eine Stunde lang keine Auslöse-Benachrichtigung (protokolliert)</translation>
    </message>
    <message>
        <source>A look-up (GET %1): see the matching view</source>
        <translation>Eine Abfrage (GET %1): siehe die passende Ansicht</translation>
    </message>
    <message>
        <source>Needs the '%1' permission, which the %2 role does not have.</source>
        <translation>Benötigt die Berechtigung „%1“, die die Rolle %2 nicht hat.</translation>
    </message>
    <message>
        <source>Fix for alert #%1 (runbook §%2): %3</source>
        <translation>Behebung für Alarm #%1 (Runbook §%2): %3</translation>
    </message>
    <message>
        <source>%1 applied: watching alert #%2 until it resolves…</source>
        <translation>%1 angewendet: Alarm #%2 wird beobachtet, bis er sich auflöst…</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::AuditFilter</name>
    <message>
        <source>Actor (token name)</source>
        <translation>Akteur (Token-Name)</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>Akteur</translation>
    </message>
    <message>
        <source>Action, e.g. api_key.*</source>
        <translation>Aktion, z. B. api_key.*</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Any result</source>
        <translation>Jedes Ergebnis</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Time range</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>Jederzeit</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Letzte Stunde</translation>
    </message>
    <message>
        <source>Last 24 h</source>
        <translation>Letzte 24 h</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Between…</source>
        <translation>Zwischen…</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Seit</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>Bis</translation>
    </message>
    <message>
        <source>Target (id or name)</source>
        <translation>Ziel (ID oder Name)</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::AuditModel</name>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>Zeit (UTC)</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>%1 (dry run)</source>
        <translation>%1 (Probelauf)</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Begründung</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>Objekt</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::AuditView</name>
    <message>
        <source>Audit log</source>
        <translation>Audit-Protokoll</translation>
    </message>
    <message>
        <source>Audit log entries</source>
        <translation>Einträge des Audit-Protokolls</translation>
    </message>
    <message>
        <source>Double-click or press Enter to open the row's target</source>
        <translation>Doppelklick oder Eingabetaste öffnet das Ziel der Zeile</translation>
    </message>
    <message numerus="yes">
        <source>%n entry(ies), newest first</source>
        <translation>
            <numerusform>%n Eintrag, neueste zuerst</numerusform>
            <numerusform>%n Einträge, neueste zuerst</numerusform>
        </translation>
    </message>
    <message>
        <source>Your role cannot read the audit log (needs 'audit').</source>
        <translation>Ihre Rolle darf das Audit-Protokoll nicht lesen (braucht 'audit').</translation>
    </message>
    <message>
        <source>Could not load the audit log: %1</source>
        <translation>Audit-Protokoll konnte nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>This entry has no target.</source>
        <translation>Dieser Eintrag hat kein Ziel.</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::BillingView</name>
    <message>
        <source>Re-process failed events</source>
        <translation>Fehlgeschlagene Ereignisse neu verarbeiten</translation>
    </message>
    <message>
        <source>Backfill usage (last 24 h)</source>
        <translation>Nutzung nachtragen (letzte 24 h)</translation>
    </message>
    <message>
        <source>Usage &amp;&amp; events</source>
        <translation>Nutzung &amp;&amp; Ereignisse</translation>
    </message>
    <message>
        <source>Spend &amp;&amp; credit</source>
        <translation>Ausgaben &amp;&amp; Guthaben</translation>
    </message>
    <message>
        <source>Recent usage records (runbook §6.1)</source>
        <translation>Aktuelle Nutzungsdatensätze (Runbook §6.1)</translation>
    </message>
    <message>
        <source>Billing events (runbook §6.2) — failed ones in red</source>
        <translation>Abrechnungsereignisse (Runbook §6.2) — fehlgeschlagene in Rot</translation>
    </message>
    <message>
        <source>Re-process failed billing events</source>
        <translation>Fehlgeschlagene Abrechnungsereignisse neu verarbeiten</translation>
    </message>
    <message>
        <source>Marks failed events unprocessed so the billing worker retries them.</source>
        <translation>Markiert fehlgeschlagene Ereignisse als unverarbeitet, damit der Worker sie erneut versucht.</translation>
    </message>
    <message>
        <source>No failed events to re-process.</source>
        <translation>Keine fehlgeschlagenen Ereignisse zum Neuverarbeiten.</translation>
    </message>
    <message>
        <source>Backfill usage</source>
        <translation>Nutzung nachtragen</translation>
    </message>
    <message>
        <source>Creates missing usage records from the request logs of the last 24 hours.</source>
        <translation>Erzeugt fehlende Nutzungsdatensätze aus den Anfrageprotokollen der letzten 24 Stunden.</translation>
    </message>
    <message>
        <source>Not available on this server: the daemon has no such endpoint yet.</source>
        <translation>Auf diesem Server nicht verfügbar: der Daemon hat diesen Endpunkt noch nicht.</translation>
    </message>
    <message>
        <source>Usage records</source>
        <translation>Nutzungsdatensätze</translation>
    </message>
    <message>
        <source>Billing events</source>
        <translation>Abrechnungsereignisse</translation>
    </message>
    <message>
        <source>%1: %2 shown, %3 failed</source>
        <translation>%1: %2 angezeigt, %3 fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1: %2 shown</source>
        <translation>%1: %2 angezeigt</translation>
    </message>
    <message>
        <source>%1: not available on this server (%2).</source>
        <translation>%1: auf diesem Server nicht verfügbar (%2).</translation>
    </message>
    <message>
        <source>%1: your role lacks the permission (%2).</source>
        <translation>%1: Ihrer Rolle fehlt die Berechtigung (%2).</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Billing</source>
        <translation>Abrechnung</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::BudgetDialog</name>
    <message>
        <source>Review change…</source>
        <translation>Änderung prüfen…</translation>
    </message>
    <message>
        <source>daily</source>
        <translation>täglich</translation>
    </message>
    <message>
        <source>monthly</source>
        <translation>monatlich</translation>
    </message>
    <message>
        <source>lifetime</source>
        <translation>insgesamt</translation>
    </message>
    <message>
        <source>key %1</source>
        <translation>Schlüssel %1</translation>
    </message>
    <message>
        <source>environment %1</source>
        <translation>Umgebung %1</translation>
    </message>
    <message>
        <source>tenant %1</source>
        <translation>Mandant %1</translation>
    </message>
    <message>
        <source>Set budget of %1</source>
        <translation>Budget für %1 festlegen</translation>
    </message>
    <message>
        <source>Change budget of %1</source>
        <translation>Budget für %1 ändern</translation>
    </message>
    <message>
        <source>e.g. %1</source>
        <translation>z. B. %1</translation>
    </message>
    <message>
        <source>Requests of %1 are refused with 429 insufficient_quota once the spend of the period would pass the amount.</source>
        <translation>Anfragen von %1 werden mit 429 insufficient_quota abgelehnt, sobald die Ausgaben des Zeitraums den Betrag überschreiten würden.</translation>
    </message>
    <message>
        <source>Now:</source>
        <translation>Jetzt:</translation>
    </message>
    <message>
        <source>%1 per %2 period</source>
        <translation>%1 pro Zeitraum (%2)</translation>
    </message>
    <message>
        <source>&amp;Amount (currency units):</source>
        <translation>&amp;Betrag (Währungseinheiten):</translation>
    </message>
    <message>
        <source>&amp;Period (UTC):</source>
        <translation>&amp;Zeitraum (UTC):</translation>
    </message>
    <message>
        <source>&amp;Thresholds (%):</source>
        <translation>&amp;Schwellen (%):</translation>
    </message>
    <message>
        <source>Type an amount above zero with at most six decimals, e.g. %1.</source>
        <translation>Geben Sie einen Betrag über null mit höchstens sechs Nachkommastellen ein, z. B. %1.</translation>
    </message>
    <message>
        <source>Thresholds are 1 to 10 percentages from 1 to 100, separated by commas.</source>
        <translation>Schwellen sind 1 bis 10 Prozentwerte von 1 bis 100, durch Kommas getrennt.</translation>
    </message>
    <message>
        <source>Set budget of %1 to %2 %3</source>
        <translation>Budget für %1 auf %2 %3 festlegen</translation>
    </message>
    <message>
        <source>Raise budget of %1 to %2 %3</source>
        <translation>Budget für %1 auf %2 %3 erhöhen</translation>
    </message>
    <message>
        <source>Lower budget of %1 to %2 %3</source>
        <translation>Budget für %1 auf %2 %3 senken</translation>
    </message>
    <message>
        <source>Change budget of %1 to %2 %3</source>
        <translation>Budget für %1 auf %2 %3 ändern</translation>
    </message>
    <message>
        <source>New budget: %1 (%2 micro-units) per %3 period. Every replica applies it to the next request.</source>
        <translation>Neues Budget: %1 (%2 Mikro-Einheiten) pro Zeitraum (%3). Jede Replik wendet es auf die nächste Anfrage an.</translation>
    </message>
    <message>
        <source>%1 → %2 (%3 micro-units) per %4 period. Every replica applies it to the next request.</source>
        <translation>%1 → %2 (%3 Mikro-Einheiten) pro Zeitraum (%4). Jede Replik wendet es auf die nächste Anfrage an.</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::CommandBar</name>
    <message>
        <source>Go to a view, key (name or prefix), tenant, environment, node or model…</source>
        <translation>Gehe zu Ansicht, Schlüssel (Name oder Präfix), Mandant, Umgebung, Knoten oder Modell …</translation>
    </message>
    <message>
        <source>Command bar</source>
        <translation>Befehlsleiste</translation>
    </message>
    <message>
        <source>↑↓ choose · Enter go · Esc close</source>
        <translation>↑↓ wählen · Enter öffnen · Esc schließen</translation>
    </message>
    <message>
        <source>View: %1</source>
        <translation>Ansicht: %1</translation>
    </message>
    <message>
        <source>searching…</source>
        <translation>suche …</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::ConnectDialog</name>
    <message>
        <source>Remember the token in the system keychain</source>
        <translation>Token im Schlüsselbund des Systems speichern</translation>
    </message>
    <message>
        <source>Connect to a CrossLogic daemon</source>
        <translation>Mit einem CrossLogic-Daemon verbinden</translation>
    </message>
    <message>
        <source>X-Admin-Token (clat_…)</source>
        <translation>X-Admin-Token (clat_…)</translation>
    </message>
    <message>
        <source>Remember the token (unavailable: %1)</source>
        <translation>Token speichern (nicht verfügbar: %1)</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Profil</translation>
    </message>
    <message>
        <source>Daemon URL</source>
        <translation>Daemon-URL</translation>
    </message>
    <message>
        <source>Admin token</source>
        <translation>Admin-Token</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>&lt;b style='color:#c62828'&gt;Production:&lt;/b&gt; actions change the live service.</source>
        <translation>&lt;b style='color:#c62828'&gt;Produktion:&lt;/b&gt; Aktionen verändern den Live-Dienst.</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::ConnectionsChart</name>
    <message>
        <source>(background)</source>
        <translation>(Hintergrund)</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <source>%1 of %2 connections in use by state · daemon pool: %3 busy of %4, %5 queued</source>
        <translation>%1 von %2 Verbindungen nach Zustand · Daemon-Pool: %3 von %4 belegt, %5 wartend</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::ConnectionsHistory</name>
    <message>
        <source>Connections and pool over time</source>
        <translation>Verbindungen und Pool im Zeitverlauf</translation>
    </message>
    <message>
        <source>connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <source>wait (ms)</source>
        <translation>Wartezeit (ms)</translation>
    </message>
    <message>
        <source>PostgreSQL connections</source>
        <translation>PostgreSQL-Verbindungen</translation>
    </message>
    <message>
        <source>Pool busy</source>
        <translation>Pool belegt</translation>
    </message>
    <message>
        <source>Pool waiters</source>
        <translation>Wartende im Pool</translation>
    </message>
    <message>
        <source>Longest wait</source>
        <translation>Längste Wartezeit</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>Connections alert</source>
        <translation>Alarmschwelle Verbindungen</translation>
    </message>
    <message>
        <source>Pool wait alert (ms)</source>
        <translation>Alarmschwelle Pool-Wartezeit (ms)</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::ConsoleView</name>
    <message>
        <source>%1 needs the '%2' permission, which the %3 role does not have.</source>
        <translation>%1 braucht die Berechtigung '%2', die die Rolle %3 nicht hat.</translation>
    </message>
    <message>
        <source>Not loaded: the daemon is not answering.</source>
        <translation>Nicht geladen: der Daemon antwortet nicht.</translation>
    </message>
    <message>
        <source>Stale — last updated %1; the daemon is not answering, these are the last values it sent.</source>
        <translation>Veraltet — zuletzt aktualisiert %1; der Daemon antwortet nicht, dies sind die letzten Werte, die er gesendet hat.</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::CreditDialog</name>
    <message>
        <source>Credit the balance of tenant %1</source>
        <translation>Guthaben des Mandanten %1 aufladen</translation>
    </message>
    <message>
        <source>e.g. %1</source>
        <translation>z. B. %1</translation>
    </message>
    <message>
        <source>invoice or ticket (optional)</source>
        <translation>Rechnung oder Ticket (optional)</translation>
    </message>
    <message>
        <source>Adds prepaid credit to the ledger. The first credit makes the tenant prepaid: from then on its requests are served only while the balance covers them.</source>
        <translation>Bucht Guthaben ins Kontobuch. Die erste Gutschrift stellt den Mandanten auf Vorauszahlung um: danach werden seine Anfragen nur bedient, solange das Guthaben sie deckt.</translation>
    </message>
    <message>
        <source>&amp;Amount (currency units):</source>
        <translation>&amp;Betrag (Währungseinheiten):</translation>
    </message>
    <message>
        <source>&amp;Reference:</source>
        <translation>&amp;Referenz:</translation>
    </message>
    <message>
        <source>Credit %1 to tenant %2</source>
        <translation>%1 dem Mandanten %2 gutschreiben</translation>
    </message>
    <message>
        <source>Adds %1 (%2 micro-units) of prepaid credit; the ledger keeps the entry and the balance after it.</source>
        <translation>Schreibt %1 (%2 Mikro-Einheiten) Guthaben gut; das Kontobuch hält den Eintrag und den Saldo danach fest.</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::DaemonText</name>
    <message>
        <source>A revoked, expired or unknown API key is still being used</source>
        <translation>Ein widerrufener, abgelaufener oder unbekannter API-Schlüssel wird weiter benutzt</translation>
    </message>
    <message>
        <source>A suspended tenant or disabled environment still receives traffic</source>
        <translation>Ein gesperrter Mandant oder eine deaktivierte Umgebung erhält weiter Anfragen</translation>
    </message>
    <message>
        <source>Admin API requests refused for a bad token</source>
        <translation>Admin-API-Anfragen wegen ungültigem Token abgewiesen</translation>
    </message>
    <message>
        <source>A key or tenant gets many 429s</source>
        <translation>Ein Schlüssel oder Mandant erhält viele 429</translation>
    </message>
    <message>
        <source>Rate limits run without Redis (fail-open)</source>
        <translation>Ratenlimits laufen ohne Redis (fail-open)</translation>
    </message>
    <message>
        <source>A model has no routable node</source>
        <translation>Ein Modell hat keinen erreichbaren Knoten</translation>
    </message>
    <message>
        <source>A node's heartbeat is late</source>
        <translation>Der Heartbeat eines Knotens ist überfällig</translation>
    </message>
    <message>
        <source>A node drained for a stale heartbeat was not replaced</source>
        <translation>Ein wegen veraltetem Heartbeat geleerter Knoten wurde nicht ersetzt</translation>
    </message>
    <message>
        <source>A model is down to one node</source>
        <translation>Ein Modell hat nur noch einen Knoten</translation>
    </message>
    <message>
        <source>A node's circuit breaker is open</source>
        <translation>Der Circuit Breaker eines Knotens ist offen</translation>
    </message>
    <message>
        <source>Node registrations are refused</source>
        <translation>Knotenregistrierungen werden abgewiesen</translation>
    </message>
    <message>
        <source>A model's p99 latency is above its objective</source>
        <translation>Die p99-Latenz eines Modells liegt über dem Ziel</translation>
    </message>
    <message>
        <source>A model's p99 time to first token is above its objective</source>
        <translation>Die p99-Zeit bis zum ersten Token eines Modells liegt über dem Ziel</translation>
    </message>
    <message>
        <source>A node's health score is low</source>
        <translation>Der Gesundheitswert eines Knotens ist niedrig</translation>
    </message>
    <message>
        <source>Database jobs wait for a pool connection</source>
        <translation>Datenbankaufträge warten auf eine Pool-Verbindung</translation>
    </message>
    <message>
        <source>PostgreSQL is near max_connections</source>
        <translation>PostgreSQL ist nahe an max_connections</translation>
    </message>
    <message>
        <source>A query has been running for long</source>
        <translation>Eine Abfrage läuft schon lange</translation>
    </message>
    <message>
        <source>Database jobs are slow</source>
        <translation>Datenbankaufträge sind langsam</translation>
    </message>
    <message>
        <source>Redis is unreachable</source>
        <translation>Redis ist nicht erreichbar</translation>
    </message>
    <message>
        <source>Redis answers with errors</source>
        <translation>Redis antwortet mit Fehlern</translation>
    </message>
    <message>
        <source>Redis memory is near maxmemory</source>
        <translation>Redis-Speicher ist nahe an maxmemory</translation>
    </message>
    <message>
        <source>Rate-limit counters are negative or malformed</source>
        <translation>Ratenlimit-Zähler sind negativ oder ungültig</translation>
    </message>
    <message>
        <source>Usage records are not reaching PostgreSQL</source>
        <translation>Nutzungsdaten erreichen PostgreSQL nicht</translation>
    </message>
    <message>
        <source>The usage writer fails</source>
        <translation>Der Nutzungsschreiber schlägt fehl</translation>
    </message>
    <message>
        <source>Stripe webhook events failed</source>
        <translation>Stripe-Webhook-Ereignisse sind fehlgeschlagen</translation>
    </message>
    <message>
        <source>Usage export to Stripe fails</source>
        <translation>Der Nutzungsexport zu Stripe schlägt fehl</translation>
    </message>
    <message>
        <source>Replicas run different versions or schema levels</source>
        <translation>Replikate laufen mit verschiedenen Versionen oder Schemaständen</translation>
    </message>
    <message>
        <source>The TLS certificate expires soon</source>
        <translation>Das TLS-Zertifikat läuft bald ab</translation>
    </message>
    <message>
        <source>daemon-language:en</source>
        <translation>daemon-language:de</translation>
    </message>
    <message>
        <source>value %1, threshold %2</source>
        <translation>Wert %1, Schwelle %2</translation>
    </message>
    <message>
        <source>value %1</source>
        <translation>Wert %1</translation>
    </message>
    <message>
        <source>last routable node for model %1: its requests will get 503 until another node serves it</source>
        <translation>letzter erreichbarer Knoten für Modell %1: seine Anfragen erhalten 503, bis ein anderer Knoten es bedient</translation>
    </message>
    <message>
        <source>%1 other routable node(s) keep serving model %2</source>
        <translation>%1 weitere(r) erreichbare(r) Knoten bedient/bedienen Modell %2 weiter</translation>
    </message>
    <message>
        <source>%1 key(s) will be refused with 403; they sent %2 request(s) in the last hour</source>
        <translation>%1 Schlüssel werden mit 403 abgewiesen; sie sendeten %2 Anfrage(n) in der letzten Stunde</translation>
    </message>
    <message>
        <source>%1 counter(s) now; counters that traffic creates before you confirm are cleared too, and the result reports the exact number</source>
        <translation>jetzt %1 Zähler; Zähler, die der Verkehr bis zu Ihrer Bestätigung anlegt, werden mitgelöscht, und das Ergebnis nennt die genaue Zahl</translation>
    </message>
    <message>
        <source>its last heartbeat is %1 s old: the stale-node reconciler will drain it again unless its agent is running</source>
        <translation>sein letzter Heartbeat ist %1 s alt: der Abgleich veralteter Knoten leert ihn wieder, wenn sein Agent nicht läuft</translation>
    </message>
    <message>
        <source>checking…</source>
        <translation>wird geprüft…</translation>
    </message>
    <message>
        <source>%1 active node(s)</source>
        <translation>%1 aktive(r) Knoten</translation>
    </message>
    <message>
        <source>no active nodes: inference requests get 503 (runbook §3.1)</source>
        <translation>keine aktiven Knoten: Inferenzanfragen erhalten 503 (Runbook §3.1)</translation>
    </message>
    <message>
        <source>%1 active node(s) without a heartbeat for %2 s</source>
        <translation>%1 aktive(r) Knoten ohne Heartbeat seit %2 s</translation>
    </message>
    <message>
        <source>%1 failed of %2 request(s) in the last %3 minutes</source>
        <translation>%1 von %2 Anfrage(n) fehlgeschlagen in den letzten %3 Minuten</translation>
    </message>
    <message>
        <source>%1 of max_connections %2</source>
        <translation>%1 von max_connections %2</translation>
    </message>
    <message>
        <source>SELECT answered in %1 ms</source>
        <translation>SELECT beantwortet in %1 ms</translation>
    </message>
    <message>
        <source>PING answered in %1 ms</source>
        <translation>PING beantwortet in %1 ms</translation>
    </message>
    <message>
        <source>%1 used of maxmemory</source>
        <translation>%1 belegt von maxmemory</translation>
    </message>
    <message>
        <source>%1 used (no maxmemory)</source>
        <translation>%1 belegt (kein maxmemory)</translation>
    </message>
    <message>
        <source>this replica is ready</source>
        <translation>dieses Replikat ist bereit</translation>
    </message>
    <message>
        <source>this replica is draining</source>
        <translation>dieses Replikat wird geleert</translation>
    </message>
    <message>
        <source>this replica is not ready (database or Redis never reached)</source>
        <translation>dieses Replikat ist nicht bereit (Datenbank oder Redis nie erreicht)</translation>
    </message>
    <message>
        <source>api, database and redis answer</source>
        <translation>API, Datenbank und Redis antworten</translation>
    </message>
    <message>
        <source>database unavailable</source>
        <translation>Datenbank nicht verfügbar</translation>
    </message>
    <message>
        <source>Redis unavailable</source>
        <translation>Redis nicht verfügbar</translation>
    </message>
    <message>
        <source>skipped: pass ?host=&lt;public hostname&gt; to check it</source>
        <translation>übersprungen: ?host=&lt;öffentlicher Hostname&gt; angeben, um es zu prüfen</translation>
    </message>
    <message>
        <source>Check load balancer health</source>
        <translation>Load-Balancer-Zustand prüfen</translation>
    </message>
    <message>
        <source>Check control plane pods</source>
        <translation>Control-Plane-Pods prüfen</translation>
    </message>
    <message>
        <source>Check database</source>
        <translation>Datenbank prüfen</translation>
    </message>
    <message>
        <source>Check Redis</source>
        <translation>Redis prüfen</translation>
    </message>
    <message>
        <source>Check DNS</source>
        <translation>DNS prüfen</translation>
    </message>
    <message>
        <source>Check TLS certificate</source>
        <translation>TLS-Zertifikat prüfen</translation>
    </message>
    <message>
        <source>active</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <source>draining</source>
        <translation>wird geleert</translation>
    </message>
    <message>
        <source>terminated</source>
        <translation>beendet</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>unhealthy</source>
        <translation>ungesund</translation>
    </message>
    <message>
        <source>initializing</source>
        <translation>startet</translation>
    </message>
    <message>
        <source>registered</source>
        <translation>registriert</translation>
    </message>
    <message>
        <source>suspended</source>
        <translation>gesperrt</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>deaktiviert</translation>
    </message>
    <message>
        <source>revoked</source>
        <translation>widerrufen</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <source>warn</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>fail</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>anstehend</translation>
    </message>
    <message>
        <source>processed</source>
        <translation>verarbeitet</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::DatabaseView</name>
    <message>
        <source>Cancel query</source>
        <translation>Abfrage abbrechen</translation>
    </message>
    <message>
        <source>Terminate session</source>
        <translation>Sitzung beenden</translation>
    </message>
    <message>
        <source>Create index</source>
        <translation>Index anlegen</translation>
    </message>
    <message>
        <source>VACUUM ANALYZE</source>
        <translation>VACUUM ANALYZE</translation>
    </message>
    <message>
        <source>Index check (runbook §4.2)</source>
        <translation>Indexprüfung (Runbook §4.2)</translation>
    </message>
    <message>
        <source>Table:</source>
        <translation>Tabelle:</translation>
    </message>
    <message>
        <source>Long-running queries (runbook §4.1)</source>
        <translation>Lang laufende Abfragen (Runbook §4.1)</translation>
    </message>
    <message>
        <source>Create index %1</source>
        <translation>Index %1 anlegen</translation>
    </message>
    <message>
        <source>CREATE INDEX CONCURRENTLY; the table stays writable meanwhile.</source>
        <translation>CREATE INDEX CONCURRENTLY; die Tabelle bleibt währenddessen beschreibbar.</translation>
    </message>
    <message>
        <source>VACUUM ANALYZE %1</source>
        <translation>VACUUM ANALYZE %1</translation>
    </message>
    <message>
        <source>Reclaims dead rows and refreshes planner statistics.</source>
        <translation>Gibt tote Zeilen frei und aktualisiert die Planerstatistik.</translation>
    </message>
    <message>
        <source>No query has been running longer than %1 s.</source>
        <translation>Keine Abfrage läuft länger als %1 s.</translation>
    </message>
    <message numerus="yes">
        <source>%n session(s) running long; the daemon's own pool connections cannot be terminated here.</source>
        <translation>
            <numerusform>%n Sitzung läuft lange; die Pool-Verbindungen des Daemons können hier nicht beendet werden.</numerusform>
            <numerusform>%n Sitzungen laufen lange; die Pool-Verbindungen des Daemons können hier nicht beendet werden.</numerusform>
        </translation>
    </message>
    <message>
        <source>Your role cannot see database sessions (needs 'database').</source>
        <translation>Ihre Rolle darf Datenbanksitzungen nicht sehen (braucht 'database').</translation>
    </message>
    <message>
        <source>All expected indexes are present.</source>
        <translation>Alle erwarteten Indizes sind vorhanden.</translation>
    </message>
    <message numerus="yes">
        <source>%n index(es) missing or invalid — select one and create it.</source>
        <translation>
            <numerusform>%n Index fehlt oder ist ungültig — auswählen und anlegen.</numerusform>
            <numerusform>%n Indizes fehlen oder sind ungültig — einen auswählen und anlegen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Your role cannot check indexes (needs 'database').</source>
        <translation>Ihre Rolle darf Indizes nicht prüfen (braucht 'database').</translation>
    </message>
    <message>
        <source>Terminate session %1</source>
        <translation>Sitzung %1 beenden</translation>
    </message>
    <message>
        <source>Cancel query of session %1</source>
        <translation>Abfrage der Sitzung %1 abbrechen</translation>
    </message>
    <message>
        <source>pg_terminate_backend: the session ends and its transaction rolls back.</source>
        <translation>pg_terminate_backend: die Sitzung endet, ihre Transaktion wird zurückgerollt.</translation>
    </message>
    <message>
        <source>pg_cancel_backend: the running statement stops; the session stays.</source>
        <translation>pg_cancel_backend: die laufende Anweisung stoppt; die Sitzung bleibt.</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Datenbank</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::DesktopNotifier</name>
    <message>
        <source>Critical alert: %1</source>
        <translation>Kritischer Alarm: %1</translation>
    </message>
    <message>
        <source>%1 (runbook §%2)</source>
        <translation>%1 (Runbook §%2)</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::DetailLoader</name>
    <message>
        <source>Could not load</source>
        <translation>Nicht geladen</translation>
    </message>
    <message>
        <source>your role may not read this (403)</source>
        <translation>Ihre Rolle darf dies nicht lesen (403)</translation>
    </message>
    <message>
        <source>Open alerts</source>
        <translation>Offene Alarme</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>no open alert names this object</source>
        <translation>kein offener Alarm nennt dieses Objekt</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::DetailPanel</name>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <source>Cop&amp;y id</source>
        <translation>ID k&amp;opieren</translation>
    </message>
    <message>
        <source>Back to the previous object (Alt+Left)</source>
        <translation>Zurück zum vorigen Objekt (Alt+Links)</translation>
    </message>
    <message>
        <source>Copy this object's id to the clipboard</source>
        <translation>Die ID dieses Objekts in die Zwischenablage kopieren</translation>
    </message>
    <message>
        <source>Object details</source>
        <translation>Objektdetails</translation>
    </message>
    <message>
        <source>Copy id</source>
        <translation>ID kopieren</translation>
    </message>
    <message>
        <source>Nothing selected — press Enter on a key, tenant, node or model, or Ctrl+K</source>
        <translation>Nichts ausgewählt — Enter auf einem Schlüssel, Mandanten, Knoten oder Modell, oder Strg+K</translation>
    </message>
    <message>
        <source>Enter opens %1</source>
        <translation>Enter öffnet %1</translation>
    </message>
    <message>
        <source>Your role (%1) lacks the '%2' permission.</source>
        <translation>Ihrer Rolle (%1) fehlt die Berechtigung '%2'.</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::DryRunDialog</name>
    <message>
        <source>Confirm: %1</source>
        <translation>Bestätigen: %1</translation>
    </message>
    <message>
        <source>Request: &lt;code&gt;%1 %2&lt;/code&gt; — nothing has changed yet; this is what the daemon would do:</source>
        <translation>Anfrage: &lt;code&gt;%1 %2&lt;/code&gt; — noch ist nichts geändert; das würde der Daemon tun:</translation>
    </message>
    <message>
        <source>This change can be undone: the result offers Undo.</source>
        <translation>Diese Änderung lässt sich rückgängig machen: das Ergebnis bietet „Rückgängig“ an.</translation>
    </message>
    <message>
        <source>Show raw JSON</source>
        <translation>Rohes JSON zeigen</translation>
    </message>
    <message>
        <source>e.g. ticket number or why this is needed (optional)</source>
        <translation>z. B. Ticketnummer oder warum das nötig ist (optional)</translation>
    </message>
    <message>
        <source>Reason for the audit log</source>
        <translation>Begründung für das Audit-Log</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Begründung:</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Ausführen</translation>
    </message>
    <message>
        <source>Consequences:</source>
        <translation>Folgen:</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::EnvironmentBanner</name>
    <message>
        <source>⚠ Disconnected from %1 (%2) — retrying… %3</source>
        <translation>⚠ Verbindung zu %1 (%2) getrennt — neuer Versuch… %3</translation>
    </message>
    <message>
        <source>● PRODUCTION — %1 (%2) · role: %3</source>
        <translation>● PRODUKTION — %1 (%2) · Rolle: %3</translation>
    </message>
    <message>
        <source>● REMOTE — %1 (%2) · role: %3</source>
        <translation>● ENTFERNT — %1 (%2) · Rolle: %3</translation>
    </message>
    <message>
        <source>● %1 — %2 · role: %3</source>
        <translation>● %1 — %2 · Rolle: %3</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::EscalationView</name>
    <message>
        <source>Contact escalation (runbook §10)</source>
        <translation>Kontakteskalation (Runbook §10)</translation>
    </message>
    <message>
        <source>Issue type</source>
        <translation>Problemart</translation>
    </message>
    <message>
        <source>First contact</source>
        <translation>Erster Kontakt</translation>
    </message>
    <message>
        <source>Escalation</source>
        <translation>Eskalation</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>From %1</source>
        <translation>Aus %1</translation>
    </message>
    <message>
        <source>Outage checklist (runbook §8.1, live)</source>
        <translation>Ausfall-Checkliste (Runbook §8.1, live)</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>Runbook command: %1</source>
        <translation>Runbook-Befehl: %1</translation>
    </message>
    <message>
        <source>Overall: &lt;b style='color:%1'&gt;%2&lt;/b&gt;, checked %3</source>
        <translation>Gesamt: &lt;b style='color:%1'&gt;%2&lt;/b&gt;, geprüft %3</translation>
    </message>
    <message>
        <source>Your role cannot run the checklist (needs 'nodes', sre).</source>
        <translation>Ihre Rolle darf die Checkliste nicht ausführen (braucht 'nodes', sre).</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::FixWatcher</name>
    <message>
        <source>fixed: %1 — resolved after %2 s</source>
        <translation>behoben: %1 — nach %2 s aufgelöst</translation>
    </message>
    <message>
        <source>still failing after %1 s: %2 (%3 did not resolve it)</source>
        <translation>nach %1 s weiterhin fehlerhaft: %2 (%3 hat es nicht behoben)</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::HealthChart</name>
    <message>
        <source>Health score</source>
        <translation>Gesundheitswert</translation>
    </message>
    <message>
        <source>Select a node to see its health score</source>
        <translation>Knoten wählen, um seinen Gesundheitswert zu sehen</translation>
    </message>
    <message>
        <source>Health score of %1</source>
        <translation>Gesundheitswert von %1</translation>
    </message>
    <message>
        <source>score</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Low health alert</source>
        <translation>Alarmschwelle niedrige Gesundheit</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::HistoryChart</name>
    <message>
        <source>%1: no data</source>
        <translation>%1: keine Daten</translation>
    </message>
    <message numerus="yes">
        <source>%1: latest %L2 %3, %n gap(s)</source>
        <translation>
            <numerusform>%1: zuletzt %L2 %3, %n Lücke</numerusform>
            <numerusform>%1: zuletzt %L2 %3, %n Lücken</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: latest %L2 %3</source>
        <translation>%1: zuletzt %L2 %3</translation>
    </message>
    <message>
        <source>%1 at %L2</source>
        <translation>%1 bei %L2</translation>
    </message>
    <message numerus="yes">
        <source>%n alert(s): %1</source>
        <translation>
            <numerusform>%n Alarm: %1</numerusform>
            <numerusform>%n Alarme: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (%L2, above the chart)</source>
        <translation>%1 (%L2, oberhalb des Diagramms)</translation>
    </message>
    <message>
        <source>Alerts (critical)</source>
        <translation>Alarme (kritisch)</translation>
    </message>
    <message>
        <source>Alerts (warning)</source>
        <translation>Alarme (Warnung)</translation>
    </message>
    <message>
        <source>Alerts (info)</source>
        <translation>Alarme (Info)</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::HistoryFeed</name>
    <message>
        <source>Your role cannot read the metrics history (needs 'alerts').</source>
        <translation>Ihre Rolle darf den Metrikverlauf nicht lesen (braucht 'alerts').</translation>
    </message>
    <message>
        <source>Could not load the history: %1</source>
        <translation>Verlauf konnte nicht geladen werden: %1</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::HistoryPanel</name>
    <message>
        <source>Last 15 min</source>
        <translation>Letzte 15 min</translation>
    </message>
    <message>
        <source>Last 1 h</source>
        <translation>Letzte 1 h</translation>
    </message>
    <message>
        <source>Last 6 h</source>
        <translation>Letzte 6 h</translation>
    </message>
    <message>
        <source>Last 24 h</source>
        <translation>Letzte 24 h</translation>
    </message>
    <message>
        <source>History range</source>
        <translation>Zeitraum des Verlaufs</translation>
    </message>
    <message>
        <source>&amp;History:</source>
        <translation>&amp;Verlauf:</translation>
    </message>
    <message numerus="yes">
        <source>%n sample(s) from the daemon, every %1 s; updated %2</source>
        <translation>
            <numerusform>%n Messpunkt vom Daemon, alle %1 s; aktualisiert %2</numerusform>
            <numerusform>%n Messpunkte vom Daemon, alle %1 s; aktualisiert %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>crosslogic::console::IndexTableModel</name>
    <message>
        <source>Index</source>
        <translation>Index</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Tabelle</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Spalten</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::JsonTableModel</name>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::JsonTree</name>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n Element</numerusform>
            <numerusform>%n Elemente</numerusform>
        </translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keiner)</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::KeyTableModel</name>
    <message>
        <source>default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>Prefix</source>
        <translation>Präfix</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Urteil</translation>
    </message>
    <message>
        <source>Key status</source>
        <translation>Schlüsselstatus</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Mandant</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <source>Req/min</source>
        <translation>Anfr./min</translation>
    </message>
    <message>
        <source>Tokens/min</source>
        <translation>Tokens/min</translation>
    </message>
    <message>
        <source>Concurrency</source>
        <translation>Parallelität</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>gültig</translation>
    </message>
    <message>
        <source>invalid</source>
        <translation>ungültig</translation>
    </message>
    <message>
        <source>invalid: %1</source>
        <translation>ungültig: %1</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::KeysView</name>
    <message>
        <source>Revoke key</source>
        <translation>Schlüssel widerrufen</translation>
    </message>
    <message>
        <source>Activate key</source>
        <translation>Schlüssel aktivieren</translation>
    </message>
    <message>
        <source>Activate tenant</source>
        <translation>Mandant aktivieren</translation>
    </message>
    <message>
        <source>Activate environment</source>
        <translation>Umgebung aktivieren</translation>
    </message>
    <message>
        <source>Clear auth cache</source>
        <translation>Auth-Cache leeren</translation>
    </message>
    <message>
        <source>Edit limits…</source>
        <translation>Limits bearbeiten…</translation>
    </message>
    <message>
        <source>Key prefix, e.g. clsk_live_xx (the first 12 characters the customer sees)</source>
        <translation>Schlüsselpräfix, z. B. clsk_live_xx (die ersten 12 Zeichen, die der Kunde sieht)</translation>
    </message>
    <message>
        <source>Look up</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Why this key is accepted or rejected</source>
        <translation>Warum dieser Schlüssel akzeptiert oder abgelehnt wird</translation>
    </message>
    <message>
        <source>Requests with this key are rejected with 401 at once, on every replica.</source>
        <translation>Anfragen mit diesem Schlüssel werden sofort auf jeder Replik mit 401 abgelehnt.</translation>
    </message>
    <message>
        <source>Accepts the key again (runbook §1.1).</source>
        <translation>Akzeptiert den Schlüssel wieder (Runbook §1.1).</translation>
    </message>
    <message>
        <source>Drops the cached validation everywhere; the next request re-validates.</source>
        <translation>Verwirft die zwischengespeicherte Prüfung überall; die nächste Anfrage prüft neu.</translation>
    </message>
    <message>
        <source>Re-activates the tenant; all its keys are accepted again.</source>
        <translation>Aktiviert den Mandanten wieder; alle seine Schlüssel werden wieder akzeptiert.</translation>
    </message>
    <message>
        <source>Re-activates the environment; its keys are accepted again.</source>
        <translation>Aktiviert die Umgebung wieder; ihre Schlüssel werden wieder akzeptiert.</translation>
    </message>
    <message>
        <source>Change key limits</source>
        <translation>Schlüssellimits ändern</translation>
    </message>
    <message>
        <source>New limits apply to the next request.</source>
        <translation>Neue Limits gelten ab der nächsten Anfrage.</translation>
    </message>
    <message>
        <source>Could not look keys up</source>
        <translation>Schlüssel konnten nicht gesucht werden</translation>
    </message>
    <message>
        <source>No key starts with %1</source>
        <translation>Kein Schlüssel beginnt mit %1</translation>
    </message>
    <message>
        <source>Select a key</source>
        <translation>Schlüssel wählen</translation>
    </message>
    <message>
        <source>%1 is valid — the gateway accepts it</source>
        <translation>%1 ist gültig — das Gateway akzeptiert ihn</translation>
    </message>
    <message>
        <source>%1 is rejected (401): %2</source>
        <translation>%1 wird abgelehnt (401): %2</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>Key &lt;b&gt;%1&lt;/b&gt;: %2 &amp;nbsp;·&amp;nbsp; expires %3&lt;br&gt;Tenant &lt;b&gt;%4&lt;/b&gt;: %5 &amp;nbsp;·&amp;nbsp; Environment &lt;b&gt;%6&lt;/b&gt;: %7</source>
        <translation>Schlüssel &lt;b&gt;%1&lt;/b&gt;: %2 &amp;nbsp;·&amp;nbsp; läuft ab %3&lt;br&gt;Mandant &lt;b&gt;%4&lt;/b&gt;: %5 &amp;nbsp;·&amp;nbsp; Umgebung &lt;b&gt;%6&lt;/b&gt;: %7</translation>
    </message>
    <message>
        <source>Keys &amp;&amp; tenants</source>
        <translation>Schlüssel &amp;&amp; Mandanten</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::LaunchNodeDialog</name>
    <message>
        <source>Spot instance (cheaper, may be reclaimed)</source>
        <translation>Spot-Instanz (günstiger, kann entzogen werden)</translation>
    </message>
    <message>
        <source>Launch node</source>
        <translation>Knoten starten</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>Instance type</source>
        <translation>Instanztyp</translation>
    </message>
    <message>
        <source>Review launch…</source>
        <translation>Start prüfen…</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::LimitBar</name>
    <message>
        <source>%1 (no limit)</source>
        <translation>%1 (kein Limit)</translation>
    </message>
    <message>
        <source>%1 / %2 (%3 %)</source>
        <translation>%1 / %2 (%3 %)</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::LimitsDialog</name>
    <message>
        <source>no key limit</source>
        <translation>kein Schlüssellimit</translation>
    </message>
    <message>
        <source>Limits of %1</source>
        <translation>Limits von %1</translation>
    </message>
    <message>
        <source>Requests per minute</source>
        <translation>Anfragen pro Minute</translation>
    </message>
    <message>
        <source>Tokens per minute</source>
        <translation>Tokens pro Minute</translation>
    </message>
    <message>
        <source>Concurrent requests</source>
        <translation>Parallele Anfragen</translation>
    </message>
    <message>
        <source>Review change…</source>
        <translation>Änderung prüfen…</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::LongQueryModel</name>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>Anwendung</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>Abfrage</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::MainWindow</name>
    <message>
        <source>CrossLogic Console — %1</source>
        <translation>CrossLogic-Konsole — %1</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Haupt</translation>
    </message>
    <message>
        <source>Refresh now</source>
        <translation>Jetzt aktualisieren</translation>
    </message>
    <message>
        <source>Pause auto-refresh</source>
        <translation>Automatische Aktualisierung anhalten</translation>
    </message>
    <message>
        <source>Resume auto-refresh</source>
        <translation>Automatische Aktualisierung fortsetzen</translation>
    </message>
    <message>
        <source>Auto-refresh paused</source>
        <translation>Automatische Aktualisierung angehalten</translation>
    </message>
    <message>
        <source>%1: done (audit id %2)</source>
        <translation>%1: erledigt (Audit-ID %2)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>The daemon rejected the admin token (401).</source>
        <translation>Der Daemon hat das Admin-Token abgelehnt (401).</translation>
    </message>
    <message>
        <source>Reconnected to %1: %2</source>
        <translation>Wieder verbunden mit %1: %2</translation>
    </message>
    <message>
        <source>Disconnected from %1: %2 — retrying every 2 s</source>
        <translation>Verbindung zu %1 getrennt: %2 — neuer Versuch alle 2 s</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::NodeTableModel</name>
    <message>
        <source>Cluster</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Gesundheit</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Provider / region</source>
        <translation>Anbieter / Region</translation>
    </message>
    <message>
        <source>Heartbeat</source>
        <translation>Heartbeat</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>%1 s ago</source>
        <translation>vor %1 s</translation>
    </message>
    <message>
        <source>%1 (stale)</source>
        <translation>%1 (veraltet)</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>Last</translation>
    </message>
    <message>
        <source>%1 running, %2 waiting, %3 in flight</source>
        <translation>%1 laufend, %2 wartend, %3 in Bearbeitung</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::NodesView</name>
    <message>
        <source>Drain</source>
        <translation>Drain</translation>
    </message>
    <message>
        <source>Terminate</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>Drain stale nodes</source>
        <translation>Veraltete Knoten drainen</translation>
    </message>
    <message>
        <source>Launch node…</source>
        <translation>Knoten starten…</translation>
    </message>
    <message>
        <source>Switch strategy</source>
        <translation>Strategie wechseln</translation>
    </message>
    <message>
        <source>Routing:</source>
        <translation>Routing:</translation>
    </message>
    <message>
        <source>Terminate node</source>
        <translation>Knoten beenden</translation>
    </message>
    <message>
        <source>Stops the node; in-flight requests fail.</source>
        <translation>Stoppt den Knoten; laufende Anfragen schlagen fehl.</translation>
    </message>
    <message>
        <source>Marks active nodes without a recent heartbeat as draining (runbook §3.1).</source>
        <translation>Setzt aktive Knoten ohne aktuellen Heartbeat auf Draining (Runbook §3.1).</translation>
    </message>
    <message>
        <source>Launch a node</source>
        <translation>Knoten starten</translation>
    </message>
    <message>
        <source>Switch the routing strategy</source>
        <translation>Routing-Strategie wechseln</translation>
    </message>
    <message>
        <source>Routing strategy</source>
        <translation>Routing-Strategie</translation>
    </message>
    <message>
        <source>Your role cannot list nodes (needs 'nodes').</source>
        <translation>Ihre Rolle darf Knoten nicht auflisten (braucht 'nodes').</translation>
    </message>
    <message>
        <source>Could not load nodes: %1</source>
        <translation>Knoten konnten nicht geladen werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n node(s), %1 active, %2 stale</source>
        <translation>
            <numerusform>%n Knoten, %1 aktiv, %2 veraltet</numerusform>
            <numerusform>%n Knoten, %1 aktiv, %2 veraltet</numerusform>
        </translation>
    </message>
    <message>
        <source>Drain the selected node</source>
        <translation>Gewählten Knoten drainen</translation>
    </message>
    <message>
        <source>Terminate the selected node</source>
        <translation>Gewählten Knoten beenden</translation>
    </message>
    <message>
        <source>Drain node</source>
        <translation>Knoten drainen</translation>
    </message>
    <message>
        <source>Stops routing new requests to the node; in-flight requests finish.</source>
        <translation>Leitet keine neuen Anfragen mehr an den Knoten; laufende werden beendet.</translation>
    </message>
    <message>
        <source>Launch node</source>
        <translation>Knoten starten</translation>
    </message>
    <message>
        <source>Starts a new inference node; it registers once its engine is up.</source>
        <translation>Startet einen neuen Inferenzknoten; er meldet sich an, sobald seine Engine läuft.</translation>
    </message>
    <message>
        <source>Switch routing to %1</source>
        <translation>Routing auf %1 umstellen</translation>
    </message>
    <message>
        <source>Changes how the gateway picks a node for each request.</source>
        <translation>Ändert, wie das Gateway für jede Anfrage einen Knoten wählt.</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>Knoten</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::ObjectIndex</name>
    <message>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>gültig</translation>
    </message>
    <message>
        <source>of %1 · %2</source>
        <translation>von %1 · %2</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>served by nodes</source>
        <translation>von Knoten bedient</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::OverviewView</name>
    <message>
        <source>API</source>
        <translation>API</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <source>Redis</source>
        <translation>Redis</translation>
    </message>
    <message>
        <source>Active nodes</source>
        <translation>Aktive Knoten</translation>
    </message>
    <message>
        <source>Stale nodes</source>
        <translation>Veraltete Knoten</translation>
    </message>
    <message>
        <source>DB connections</source>
        <translation>DB-Verbindungen</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>k. A.</translation>
    </message>
    <message>
        <source>The health check needs the 'nodes' permission (sre role).</source>
        <translation>Der Gesundheitscheck braucht die Berechtigung 'nodes' (Rolle sre).</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Degraded</source>
        <translation>Beeinträchtigt</translation>
    </message>
    <message>
        <source>GET /health answered %1</source>
        <translation>GET /health antwortete %1</translation>
    </message>
    <message>
        <source>serving inference</source>
        <translation>bedient Inferenz</translation>
    </message>
    <message>
        <source>no active nodes: requests get 503</source>
        <translation>keine aktiven Knoten: Anfragen erhalten 503</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>measuring (needs two scrapes)</source>
        <translation>misst (braucht zwei Abrufe)</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Failed inference</source>
        <translation>Inferenz-Fehler</translation>
    </message>
    <message>
        <source>Gateway requests</source>
        <translation>Gateway-Anfragen</translation>
    </message>
    <message>
        <source>2xx answered</source>
        <translation>2xx beantwortet</translation>
    </message>
    <message>
        <source>401 bad key</source>
        <translation>401 ungültiger Schlüssel</translation>
    </message>
    <message>
        <source>403 refused</source>
        <translation>403 abgewiesen</translation>
    </message>
    <message>
        <source>429 rate-limited</source>
        <translation>429 ratenbegrenzt</translation>
    </message>
    <message>
        <source>5xx server error</source>
        <translation>5xx Serverfehler</translation>
    </message>
    <message>
        <source>the daemon is not answering</source>
        <translation>der Daemon antwortet nicht</translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation>unerreichbar</translation>
    </message>
    <message>
        <source>%L1/s</source>
        <translation>%L1/s</translation>
    </message>
    <message>
        <source>/v1 routes over %1 s; mean latency %L2 ms</source>
        <translation>/v1-Routen über %1 s; mittlere Latenz %L2 ms</translation>
    </message>
    <message>
        <source>%L1 % of gateway requests</source>
        <translation>%L1 % der Gateway-Anfragen</translation>
    </message>
    <message>
        <source>%1 of %2 failed or 5xx in %3 min</source>
        <translation>%1 von %2 fehlgeschlagen oder 5xx in %3 min</translation>
    </message>
    <message>
        <source>Inference requests in the last %1 min that failed or were answered 5xx (request_logs); refusals (401, 403, 429) are not counted: see the tiles below</source>
        <translation>Inferenz-Anfragen der letzten %1 min, die fehlschlugen oder mit 5xx beantwortet wurden (request_logs); Abweisungen (401, 403, 429) zählen nicht: siehe die Kacheln darunter</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::RateLimitsView</name>
    <message>
        <source>Requests this minute</source>
        <translation>Anfragen in dieser Minute</translation>
    </message>
    <message>
        <source>Tokens this minute</source>
        <translation>Tokens in dieser Minute</translation>
    </message>
    <message>
        <source>Concurrent requests</source>
        <translation>Parallele Anfragen</translation>
    </message>
    <message>
        <source>Clear counters</source>
        <translation>Zähler zurücksetzen</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Mandant</translation>
    </message>
    <message>
        <source>ID (UUID) — or pick a key in Keys &amp; tenants</source>
        <translation>ID (UUID) — oder Schlüssel unter Schlüssel &amp; Mandanten wählen</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>Counters against limits</source>
        <translation>Zähler gegen Limits</translation>
    </message>
    <message>
        <source>Last minutes</source>
        <translation>Letzte Minuten</translation>
    </message>
    <message>
        <source>Clear rate-limit counters</source>
        <translation>Ratenlimit-Zähler zurücksetzen</translation>
    </message>
    <message>
        <source>Resets the minute windows and the concurrency counter (temporary relief, runbook §2.1).</source>
        <translation>Setzt die Minutenfenster und den Parallelitätszähler zurück (vorübergehende Entlastung, Runbook §2.1).</translation>
    </message>
    <message>
        <source>Choose a key, environment or tenant.</source>
        <translation>Schlüssel, Umgebung oder Mandant wählen.</translation>
    </message>
    <message>
        <source>Clear the counters</source>
        <translation>Zähler zurücksetzen</translation>
    </message>
    <message>
        <source>Rate-limit counters are not available on this server (GET /admin/ratelimits is missing).</source>
        <translation>Ratenlimit-Zähler sind auf diesem Server nicht verfügbar (GET /admin/ratelimits fehlt).</translation>
    </message>
    <message>
        <source>Could not read the counters: %1</source>
        <translation>Zähler konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Counters of %1 %2, read %3</source>
        <translation>Zähler von %1 %2, gelesen %3</translation>
    </message>
    <message>
        <source>Rate limits</source>
        <translation>Ratenlimits</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::RedisTrendChart</name>
    <message>
        <source>Redis memory</source>
        <translation>Redis-Speicher</translation>
    </message>
    <message>
        <source>Redis operations and keys</source>
        <translation>Redis-Operationen und Schlüssel</translation>
    </message>
    <message>
        <source>MiB</source>
        <translation>MiB</translation>
    </message>
    <message>
        <source>ops/s</source>
        <translation>Ops/s</translation>
    </message>
    <message>
        <source>keys</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Used memory</source>
        <translation>Belegter Speicher</translation>
    </message>
    <message>
        <source>Memory alert (MiB)</source>
        <translation>Alarmschwelle Speicher (MiB)</translation>
    </message>
    <message>
        <source>Operations/s</source>
        <translation>Operationen/s</translation>
    </message>
    <message>
        <source>/s</source>
        <translation>/s</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Schlüssel</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::RedisView</name>
    <message>
        <source>Ping</source>
        <translation>Ping</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>Clients</translation>
    </message>
    <message>
        <source>Rate-limit keys</source>
        <translation>Ratenlimit-Schlüssel</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Evicted keys</source>
        <translation>Verdrängte Schlüssel</translation>
    </message>
    <message>
        <source>Rejected connections</source>
        <translation>Abgelehnte Verbindungen</translation>
    </message>
    <message>
        <source>Daemon Redis errors</source>
        <translation>Redis-Fehler des Daemons</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Your role cannot read Redis diagnostics (needs 'redis').</source>
        <translation>Ihre Rolle darf die Redis-Diagnose nicht lesen (braucht 'redis').</translation>
    </message>
    <message>
        <source>Redis: %1</source>
        <translation>Redis: %1</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>keine Antwort</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>PING round trip from the daemon</source>
        <translation>PING-Umlaufzeit vom Daemon</translation>
    </message>
    <message>
        <source>of %1 (%2)</source>
        <translation>von %1 (%2)</translation>
    </message>
    <message>
        <source>no maxmemory set</source>
        <translation>kein maxmemory gesetzt</translation>
    </message>
    <message>
        <source>%1 blocked</source>
        <translation>%1 blockiert</translation>
    </message>
    <message>
        <source>count truncated (SCAN limit)</source>
        <translation>Anzahl abgeschnitten (SCAN-Limit)</translation>
    </message>
    <message>
        <source>ratelimit:* keys (SCAN)</source>
        <translation>ratelimit:*-Schlüssel (SCAN)</translation>
    </message>
    <message>
        <source>in the daemon's database</source>
        <translation>in der Datenbank des Daemons</translation>
    </message>
    <message>
        <source>since the daemon started</source>
        <translation>seit dem Start des Daemons</translation>
    </message>
    <message>
        <source>Redis %1, up %2 h</source>
        <translation>Redis %1, läuft seit %2 h</translation>
    </message>
    <message>
        <source>replica of %1</source>
        <translation>Replikat von %1</translation>
    </message>
    <message>
        <source>up</source>
        <translation>erreichbar</translation>
    </message>
    <message>
        <source>down</source>
        <translation>ausgefallen</translation>
    </message>
    <message>
        <source>Redis</source>
        <translation>Redis</translation>
    </message>
    <message>
        <source>Clear all rate-limit counters…</source>
        <translation>Alle Rate-Limit-Zähler löschen…</translation>
    </message>
    <message>
        <source>FLUSHDB…</source>
        <translation>FLUSHDB…</translation>
    </message>
    <message>
        <source>Runbook §5.2: deletes every ratelimit:* key (SCAN + UNLINK); windows start over</source>
        <translation>Runbook §5.2: löscht jeden ratelimit:*-Schlüssel (SCAN + UNLINK); die Zeitfenster beginnen neu</translation>
    </message>
    <message>
        <source>Runbook §5.1, last resort: deletes every key of the daemon's Redis database</source>
        <translation>Runbook §5.1, letztes Mittel: löscht jeden Schlüssel der Redis-Datenbank des Daemons</translation>
    </message>
    <message>
        <source>Clear all rate-limit counters</source>
        <translation>Alle Rate-Limit-Zähler löschen</translation>
    </message>
    <message>
        <source>FLUSHDB</source>
        <translation>FLUSHDB</translation>
    </message>
    <message>
        <source>Deletes every ratelimit:* key: all keys' minute windows and concurrency counters start over (runbook §5.2).</source>
        <translation>Löscht jeden ratelimit:*-Schlüssel: Minutenfenster und Parallelitätszähler aller Schlüssel beginnen neu (Runbook §5.2).</translation>
    </message>
    <message>
        <source>FLUSHDB deletes every key of the daemon's Redis database: rate-limit and concurrency counters and cached key validations. Type %1 to continue.</source>
        <translation>FLUSHDB löscht jeden Schlüssel der Redis-Datenbank des Daemons: Rate-Limit- und Parallelitätszähler und zwischengespeicherte Schlüsselprüfungen. Geben Sie %1 ein, um fortzufahren.</translation>
    </message>
    <message>
        <source>FLUSHDB not run: the confirmation did not match.</source>
        <translation>FLUSHDB nicht ausgeführt: die Bestätigung stimmte nicht überein.</translation>
    </message>
    <message>
        <source>Deletes every key of the daemon's Redis database (runbook §5.1).</source>
        <translation>Löscht jeden Schlüssel der Redis-Datenbank des Daemons (Runbook §5.1).</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::ResultDialog</name>
    <message>
        <source>&lt;b&gt;Done.&lt;/b&gt; Recorded in the audit log as entry &lt;b&gt;%1&lt;/b&gt;.</source>
        <translation>&lt;b&gt;Erledigt.&lt;/b&gt; Im Audit-Protokoll als Eintrag &lt;b&gt;%1&lt;/b&gt; vermerkt.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Done.&lt;/b&gt;</source>
        <translation>&lt;b&gt;Erledigt.&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Not possible:&lt;/b&gt; the dry run was refused (%1): %2</source>
        <translation>&lt;b&gt;Nicht möglich:&lt;/b&gt; der Probelauf wurde abgelehnt (%1): %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;Failed&lt;/b&gt; (%1): %2</source>
        <translation>&lt;b&gt;Fehlgeschlagen&lt;/b&gt; (%1): %2</translation>
    </message>
    <message>
        <source>Undo: %1</source>
        <translation>Rückgängig: %1</translation>
    </message>
    <message>
        <source>Puts back what “%1” changed (the inverse the daemon named).</source>
        <translation>Stellt wieder her, was „%1“ geändert hat (die Umkehrung, die der Daemon nennt).</translation>
    </message>
    <message>
        <source>&amp;Undo…</source>
        <translation>&amp;Rückgängig…</translation>
    </message>
    <message>
        <source>Undo this change</source>
        <translation>Diese Änderung rückgängig machen</translation>
    </message>
    <message>
        <source>&lt;b&gt;No answer:&lt;/b&gt; the daemon did not answer the dry run (%1). Nothing was changed.</source>
        <translation>&lt;b&gt;Keine Antwort:&lt;/b&gt; der Daemon hat den Probelauf nicht beantwortet (%1). Nichts wurde geändert.</translation>
    </message>
    <message>
        <source>&lt;b&gt;No answer&lt;/b&gt; (%1): the change may or may not have been applied; refresh to see the current state.</source>
        <translation>&lt;b&gt;Keine Antwort&lt;/b&gt; (%1): die Änderung wurde vielleicht angewendet, vielleicht nicht; aktualisieren, um den aktuellen Stand zu sehen.</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::RunbookView</name>
    <message>
        <source>Customer's key prefix (for 401/429):</source>
        <translation>Schlüsselpräfix des Kunden (für 401/429):</translation>
    </message>
    <message>
        <source>Symptom</source>
        <translation>Symptom</translation>
    </message>
    <message>
        <source>Likely cause</source>
        <translation>Wahrscheinliche Ursache</translation>
    </message>
    <message>
        <source>Quick fix</source>
        <translation>Schnelle Abhilfe</translation>
    </message>
    <message>
        <source>Choose a symptom: its diagnostics run at once.</source>
        <translation>Symptom wählen: seine Diagnosen laufen sofort.</translation>
    </message>
    <message>
        <source>Diagnostics</source>
        <translation>Diagnosen</translation>
    </message>
    <message>
        <source>Remediations (each shows a dry run first)</source>
        <translation>Abhilfen (jede zeigt zuerst einen Probelauf)</translation>
    </message>
    <message>
        <source>%1 — %2 (runbook %3)</source>
        <translation>%1 — %2 (Runbook %3)</translation>
    </message>
    <message>
        <source>not available on this server</source>
        <translation>auf diesem Server nicht verfügbar</translation>
    </message>
    <message>
        <source>overall: %1</source>
        <translation>gesamt: %1</translation>
    </message>
    <message>
        <source>key is valid</source>
        <translation>Schlüssel ist gültig</translation>
    </message>
    <message>
        <source>key rejected: %1</source>
        <translation>Schlüssel abgelehnt: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n node(s)</source>
        <translation>
            <numerusform>%n Knoten</numerusform>
            <numerusform>%n Knoten</numerusform>
        </translation>
    </message>
    <message>
        <source>strategy: %1</source>
        <translation>Strategie: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n Datensatz</numerusform>
            <numerusform>%n Datensätze</numerusform>
        </translation>
    </message>
    <message>
        <source>answered</source>
        <translation>beantwortet</translation>
    </message>
    <message>
        <source>needs the customer's key prefix</source>
        <translation>braucht das Schlüsselpräfix des Kunden</translation>
    </message>
    <message>
        <source>Needs what the diagnostics find first (a key by its prefix, or a node's model).</source>
        <translation>Braucht zuerst ein Diagnoseergebnis (einen Schlüssel über sein Präfix oder das Modell eines Knotens).</translation>
    </message>
    <message>
        <source>Runbook</source>
        <translation>Runbook</translation>
    </message>
    <message>
        <source>%1, health %2, heartbeat %3 s ago%4, %5</source>
        <translation>%1, Gesundheit %2, Heartbeat vor %3 s%4, %5</translation>
    </message>
    <message>
        <source> (stale)</source>
        <translation> (veraltet)</translation>
    </message>
    <message>
        <source>key %1, tenant %2, environment %3, %4</source>
        <translation>Schlüssel %1, Mandant %2, Umgebung %3, %4</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>gültig</translation>
    </message>
    <message>
        <source>invalid: %1</source>
        <translation>ungültig: %1</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Open the %1 menu</source>
        <translation>Menü %1 öffnen</translation>
    </message>
    <message>
        <source>Command bar, when the focus is not in a text field</source>
        <translation>Befehlsleiste, wenn der Fokus nicht in einem Textfeld ist</translation>
    </message>
    <message>
        <source>Up, Down, Enter, Esc</source>
        <translation>Hoch, Runter, Enter, Esc</translation>
    </message>
    <message>
        <source>Command bar: choose, go, close</source>
        <translation>Befehlsleiste: wählen, öffnen, schließen</translation>
    </message>
    <message>
        <source>Enter or double-click</source>
        <translation>Enter oder Doppelklick</translation>
    </message>
    <message>
        <source>Tables and detail panel: open the key, tenant, environment, node or model of the row</source>
        <translation>Tabellen und Detailbereich: Schlüssel, Mandant, Umgebung, Knoten oder Modell der Zeile öffnen</translation>
    </message>
    <message>
        <source>Menu key or right-click</source>
        <translation>Menütaste oder Rechtsklick</translation>
    </message>
    <message>
        <source>Tables: open or copy any object the row names</source>
        <translation>Tabellen: jedes Objekt der Zeile öffnen oder seine ID kopieren</translation>
    </message>
    <message>
        <source>Ctrl+Shift+C</source>
        <translation>Strg+Umschalt+C</translation>
    </message>
    <message>
        <source>Tables: copy the row's id</source>
        <translation>Tabellen: ID der Zeile kopieren</translation>
    </message>
    <message>
        <source>Ctrl+C</source>
        <translation>Strg+C</translation>
    </message>
    <message>
        <source>Detail panel: copy the row's id (or its value)</source>
        <translation>Detailbereich: ID der Zeile (oder ihren Wert) kopieren</translation>
    </message>
    <message>
        <source>Alt+underlined letter</source>
        <translation>Alt+unterstrichener Buchstabe</translation>
    </message>
    <message>
        <source>Press that button (e.g. Alt+R: Revoke key in the detail panel)</source>
        <translation>Diese Schaltfläche drücken (z. B. Alt+W: Schlüssel widerrufen im Detailbereich)</translation>
    </message>
    <message>
        <source>Enter, Esc</source>
        <translation>Enter, Esc</translation>
    </message>
    <message>
        <source>Confirmation dialogs: apply, cancel</source>
        <translation>Bestätigungsdialoge: anwenden, abbrechen</translation>
    </message>
    <message>
        <source>Tab, Shift+Tab</source>
        <translation>Tab, Umschalt+Tab</translation>
    </message>
    <message>
        <source>Next, previous control</source>
        <translation>Nächstes, vorheriges Bedienelement</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>What it does</source>
        <translation>Wirkung</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::SpendChart</name>
    <message>
        <source>Spent</source>
        <translation>Ausgegeben</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>Übrig</translation>
    </message>
    <message>
        <source>%1: %2 of %3 (%4 %)</source>
        <translation>%1: %2 von %3 (%4 %)</translation>
    </message>
    <message>
        <source>%1 · %2 %</source>
        <translation>%1 · %2 %</translation>
    </message>
    <message>
        <source>prepaid credit</source>
        <translation>Guthaben</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>No budget and no prepaid credit: only rate limits apply to this tenant</source>
        <translation>Kein Budget und kein Guthaben: für diesen Mandanten gelten nur die Ratenlimits</translation>
    </message>
    <message>
        <source>share of the limit (%)</source>
        <translation>Anteil am Limit (%)</translation>
    </message>
    <message>
        <source>Spend this period against each budget</source>
        <translation>Ausgaben dieses Zeitraums je Budget</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::SpendPanel</name>
    <message>
        <source>key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <source>tenant</source>
        <translation>Mandant</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Ebene</translation>
    </message>
    <message>
        <source>Applies to</source>
        <translation>Gilt für</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>Limit</translation>
    </message>
    <message>
        <source>Spent</source>
        <translation>Ausgegeben</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>Übrig</translation>
    </message>
    <message>
        <source>Used</source>
        <translation>Verbraucht</translation>
    </message>
    <message>
        <source>Resets</source>
        <translation>Zurückgesetzt</translation>
    </message>
    <message>
        <source>never (lifetime)</source>
        <translation>nie (insgesamt)</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Referenz</translation>
    </message>
    <message>
        <source>Credited in total</source>
        <translation>Insgesamt gutgeschrieben</translation>
    </message>
    <message>
        <source>Balance after</source>
        <translation>Saldo danach</translation>
    </message>
    <message>
        <source>Set tenant budget…</source>
        <translation>Budget des Mandanten festlegen…</translation>
    </message>
    <message>
        <source>Raise budget…</source>
        <translation>Budget erhöhen…</translation>
    </message>
    <message>
        <source>Remove budget</source>
        <translation>Budget entfernen</translation>
    </message>
    <message>
        <source>Credit balance…</source>
        <translation>Guthaben aufladen…</translation>
    </message>
    <message>
        <source>Tenant whose spend is shown</source>
        <translation>Mandant, dessen Ausgaben gezeigt werden</translation>
    </message>
    <message>
        <source>&amp;Tenant:</source>
        <translation>&amp;Mandant:</translation>
    </message>
    <message>
        <source>Budgets — spend this period (PostgreSQL's billed usage; requests in flight not included)</source>
        <translation>Budgets — Ausgaben dieses Zeitraums (in PostgreSQL abgerechnete Nutzung; laufende Anfragen nicht enthalten)</translation>
    </message>
    <message>
        <source>Prepaid credit and ledger (newest first)</source>
        <translation>Guthaben und Kontobuch (neueste zuerst)</translation>
    </message>
    <message>
        <source>Remove budget of %1</source>
        <translation>Budget von %1 entfernen</translation>
    </message>
    <message>
        <source>Requests of %1 are no longer capped by this budget (other budgets and the prepaid credit still apply).</source>
        <translation>Anfragen von %1 werden nicht mehr durch dieses Budget begrenzt (andere Budgets und das Guthaben gelten weiter).</translation>
    </message>
    <message>
        <source>Tenants: your role lacks the permission (%1).</source>
        <translation>Mandanten: Ihrer Rolle fehlt die Berechtigung (%1).</translation>
    </message>
    <message>
        <source>Tenants: %1</source>
        <translation>Mandanten: %1</translation>
    </message>
    <message>
        <source>No tenant yet.</source>
        <translation>Noch kein Mandant.</translation>
    </message>
    <message>
        <source>Spend: your role lacks the permission (%1).</source>
        <translation>Ausgaben: Ihrer Rolle fehlt die Berechtigung (%1).</translation>
    </message>
    <message>
        <source>Spend: %1</source>
        <translation>Ausgaben: %1</translation>
    </message>
    <message>
        <source>Postpaid: no prepaid credit (budgets only). The first credit makes the tenant prepaid.</source>
        <translation>Nachträgliche Abrechnung: kein Guthaben (nur Budgets). Die erste Gutschrift stellt auf Vorauszahlung um.</translation>
    </message>
    <message>
        <source>Prepaid balance: &lt;b&gt;%1&lt;/b&gt; — %2 credited, %3 spent since %4</source>
        <translation>Guthaben: &lt;b&gt;%1&lt;/b&gt; — %2 gutgeschrieben, %3 ausgegeben seit %4</translation>
    </message>
    <message>
        <source>%1 needs the '%2' permission, which the %3 role does not have.</source>
        <translation>%1 braucht die Berechtigung '%2', die die Rolle %3 nicht hat.</translation>
    </message>
    <message>
        <source>Change tenant budget…</source>
        <translation>Budget des Mandanten ändern…</translation>
    </message>
    <message>
        <source>Sets the tenant's budget (all its keys together).</source>
        <translation>Legt das Budget des Mandanten fest (alle seine Schlüssel zusammen).</translation>
    </message>
    <message>
        <source>Choose a tenant first.</source>
        <translation>Wählen Sie zuerst einen Mandanten.</translation>
    </message>
    <message>
        <source>Raises (or lowers) the selected budget.</source>
        <translation>Erhöht (oder senkt) das gewählte Budget.</translation>
    </message>
    <message>
        <source>Select a budget in the table first.</source>
        <translation>Wählen Sie zuerst ein Budget in der Tabelle.</translation>
    </message>
    <message>
        <source>Removes the selected budget.</source>
        <translation>Entfernt das gewählte Budget.</translation>
    </message>
    <message>
        <source>Adds prepaid credit to the tenant's balance.</source>
        <translation>Lädt das Guthaben des Mandanten auf.</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::TokenStore</name>
    <message>
        <source>no keychain service (no D-Bus session bus); the token is kept for this session only</source>
        <translation>kein Schlüsselbund-Dienst (kein D-Bus-Sitzungsbus); das Token gilt nur für diese Sitzung</translation>
    </message>
    <message>
        <source>offscreen session: the keychain is not used; the token is kept for this session only</source>
        <translation>Offscreen-Sitzung: kein Schlüsselbund; das Token gilt nur für diese Sitzung</translation>
    </message>
    <message>
        <source>the keychain refused the token: %1</source>
        <translation>der Schlüsselbund hat das Token abgelehnt: %1</translation>
    </message>
</context>
<context>
    <name>crosslogic::console::TrafficChart</name>
    <message>
        <source>Requests/s</source>
        <translation>Anfragen/s</translation>
    </message>
    <message>
        <source>req/s</source>
        <translation>Anfr./s</translation>
    </message>
    <message>
        <source>Gateway traffic</source>
        <translation>Gateway-Verkehr</translation>
    </message>
    <message>
        <source>429 %</source>
        <translation>429 %</translation>
    </message>
    <message>
        <source>/s</source>
        <translation>/s</translation>
    </message>
    <message>
        <source>429/s</source>
        <translation>429/s</translation>
    </message>
    <message>
        <source>5xx/s</source>
        <translation>5xx/s</translation>
    </message>
    <message>
        <source>429 share</source>
        <translation>429-Anteil</translation>
    </message>
    <message>
        <source>429 share alert (per key)</source>
        <translation>Alarmschwelle 429-Anteil (je Schlüssel)</translation>
    </message>
</context>
</TS>
