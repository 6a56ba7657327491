// Inserts usage events into request_logs and usage_records (and moves api_keys.last_used_at), idempotently by
// request id: the whole batch is
// ONE statement whose parameters are one PostgreSQL array literal per column (unnest), so the cost per event
// is a few string appends instead of a bound, placeholder-converted and round-tripped statement per row.
// A batch is first tried as plain INSERTs; only when PostgreSQL reports a duplicate request id (a replay after
// a crash or an outage) is it run again with ON CONFLICT DO NOTHING. The plain INSERT spares PostgreSQL the
// speculative-insertion pre-check of each row (a second descent of the request_id index); the larger saving came
// from request ids that sort by time (http/requestid.h, docs/benchmarks.md).
#include "billing/usagesql.h"

#include "store/dbpool.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlField>
#include <QSqlQuery>
#include <QVariant>

namespace crosslogic {
namespace {

// One statement: the events as a relation (one array per column), their request_logs rows in a data-modifying
// CTE, and the usage_records rows of the billable ones. %24 is empty (the plain form) or ON CONFLICT
// (request_id) DO NOTHING (the idempotent form), which makes a replay harmless, also when a batch holds the
// same request id twice. The command's row count is that of the main INSERT: the number of new usage_records
// rows.
// Cost: tokens × price per million tokens, in integer micro-dollars (rounded down per request).
const QString kBatchSql = QStringLiteral(
    "WITH ev AS ("
    " SELECT * FROM unnest(%1::text[], %2::uuid[], %3::uuid[], %4::uuid[], %5::text[], %6::text[], "
    "%7::text[],"
    "  %8::text[], %9::uuid[], %10::integer[], %11::text[], %12::text[], %13::bigint[], %14::bigint[],"
    "  %15::bigint[], %16::bigint[], %17::bigint[], %18::boolean[], %19::text[], %20::text[], %21::text[],"
    "  %22::bigint[], %23::bigint[])"
    " WITH ORDINALITY AS e(request_id, tenant_id, environment_id, api_key_id, key_prefix, method, path,"
    "  model_name, node_id, status_code, status, reason, prompt_tokens, completion_tokens, latency_ms, "
    "ttft_ms,"
    "  ts_ms, billable, openai_organization, openai_project, usage_flag, engine_prompt_tokens,"
    "  engine_completion_tokens, ord)),"
    " logs AS (INSERT INTO request_logs (request_id, tenant_id, environment_id, api_key_id, key_prefix, "
    "method,"
    "  path, model_name, node_id, status_code, status, reason, prompt_tokens, completion_tokens, latency_ms,"
    "  ttft_ms, created_at, openai_organization, openai_project)"
    "  SELECT request_id, tenant_id, environment_id, api_key_id, key_prefix, method, path, model_name, "
    "node_id,"
    "   status_code, status, reason, prompt_tokens, completion_tokens, latency_ms, ttft_ms,"
    "   'epoch'::timestamptz + ts_ms * interval '1 millisecond', openai_organization, openai_project"
    "  FROM ev ORDER BY ord"
    "  %24),"
    // api_keys.last_used_at, batched with the metering instead of a write per request: the newest event per key,
    // never moving backwards; a key row another replica's batch holds is skipped (no waiting, no deadlock: that
    // batch sets a time as recent).
    " keys AS (UPDATE api_keys k SET last_used_at = u.ts"
    "  FROM (SELECT api_key_id, max('epoch'::timestamptz + ts_ms * interval '1 millisecond') AS ts FROM ev"
    "   WHERE api_key_id IS NOT NULL GROUP BY 1) u"
    "  WHERE k.id = u.api_key_id AND (k.last_used_at IS NULL OR k.last_used_at < u.ts)"
    "  AND k.id IN (SELECT id FROM api_keys WHERE id IN (SELECT api_key_id FROM ev) ORDER BY id FOR UPDATE SKIP LOCKED))"
    " INSERT INTO usage_records (request_id, tenant_id, environment_id, api_key_id, model_name, node_id,"
    "  prompt_tokens, completion_tokens, total_tokens, cost_micros, latency_ms, ttft_ms, status, timestamp,"
    "  usage_flag, engine_prompt_tokens, engine_completion_tokens)"
    " SELECT ev.request_id, ev.tenant_id, ev.environment_id, ev.api_key_id, ev.model_name, ev.node_id,"
    "  ev.prompt_tokens, ev.completion_tokens, ev.prompt_tokens + ev.completion_tokens,"
    "  coalesce((SELECT (ev.prompt_tokens * m.input_price_micros_per_mtok + ev.completion_tokens *"
    "   m.output_price_micros_per_mtok) / 1000000 FROM models m WHERE m.name = ev.model_name), 0),"
    "  ev.latency_ms, ev.ttft_ms, ev.status, 'epoch'::timestamptz + ev.ts_ms * interval '1 millisecond',"
    "  ev.usage_flag, ev.engine_prompt_tokens, ev.engine_completion_tokens"
    " FROM ev WHERE ev.billable ORDER BY ev.ord"
    " %24");

const QLatin1String kOnConflict("ON CONFLICT (request_id) DO NOTHING");
const QLatin1String kUniqueViolation("23505");

constexpr int kColumns = 23;

// A PostgreSQL array literal ({...}) under construction, one element per event. Text elements are always
// double-quoted with backslash and double quote escaped, so commas, braces, quotes, backslashes, whitespace
// and the word NULL are data; an unquoted NULL is SQL NULL.
class ArrayLiteral
{
public:
    void reserve(qsizetype n) { m_text.reserve(n); }
    void text(QStringView s)
    {
        sep();
        m_text.append(u'"');
        qsizetype from = 0;
        for (qsizetype i = 0; i < s.size(); ++i) {
            if (s[i] == u'"' || s[i] == u'\\') {
                m_text.append(s.mid(from, i - from));
                m_text.append(u'\\');
                from = i;
            }
        }
        m_text.append(s.mid(from));
        m_text.append(u'"');
    }
    void latin1(const QByteArray &s) { text(QString::fromLatin1(s)); }
    void null()
    {
        sep();
        m_text.append(QLatin1String("NULL"));
    }
    void uuidOrNull(const QString &id) { id.isEmpty() ? null() : text(id); }
    void number(qint64 v)
    {
        sep();
        m_text.append(QString::number(v));
    }
    void boolean(bool v)
    {
        sep();
        m_text.append(v ? u't' : u'f');
    }
    QString finish() { return m_text.isEmpty() ? QStringLiteral("{}") : std::move(m_text.append(u'}')); }

private:
    void sep() { m_text.append(m_text.isEmpty() ? u'{' : u','); }
    QString m_text;
};

} // namespace

bool isBillable(const UsageEvent &e)
{
    return !e.tenantId.isEmpty() &&
           (e.status == QLatin1String("completed") || e.status == QLatin1String("interrupted"));
}

QString usageBatchStatement(const QSqlDriver &driver, const std::vector<UsageEvent> &events, UsageInsert mode)
{
    ArrayLiteral col[kColumns];
    for (auto &c : col)
        c.reserve(qsizetype(events.size()) * 40 + 8);
    for (const UsageEvent &e : events) {
        col[0].latin1(e.requestId);
        col[1].uuidOrNull(e.tenantId);
        col[2].uuidOrNull(e.environmentId);
        col[3].uuidOrNull(e.apiKeyId);
        col[4].latin1(e.keyPrefix);
        col[5].latin1(e.method);
        col[6].text(QString::fromUtf8(e.path.left(500)));
        col[7].text(e.model);
        col[8].uuidOrNull(e.nodeId);
        col[9].number(e.statusCode);
        col[10].text(e.status);
        col[11].text(e.reason);
        col[12].number(e.promptTokens);
        col[13].number(e.completionTokens);
        col[14].number(e.latencyMs);
        if (e.ttftMs < 0)
            col[15].null();
        else
            col[15].number(e.ttftMs);
        col[16].number(e.timestampMs);
        col[17].boolean(isBillable(e));
        for (auto [n, value] : {std::pair{18, &e.openaiOrganization}, std::pair{19, &e.openaiProject}}) {
            if (value->isEmpty())
                col[n].null();
            else
                col[n].latin1(*value);
        }
        // An engine's usage the gateway did not believe: why, and what the engine claimed (billed: the gateway's count).
        if (e.usageFlag.isEmpty()) {
            col[20].null();
            col[21].null();
            col[22].null();
        } else {
            col[20].latin1(e.usageFlag);
            col[21].number(e.enginePromptTokens);
            col[22].number(e.engineCompletionTokens);
        }
    }
    // Each array literal becomes one SQL string literal, quoted by the driver (it knows whether the server
    // treats backslashes in '...' as escapes), in place of %1..%23.
    static const auto piecesOf = [](const QString &sql) {
        std::vector<QString> p;
        qsizetype from = 0;
        for (int n = 1; n <= kColumns; ++n) {
            const QString mark = QLatin1Char('%') + QString::number(n) + QLatin1String("::");
            const qsizetype at = sql.indexOf(mark, from);
            Q_ASSERT(at >= 0);
            p.push_back(sql.mid(from, at - from));
            from = at + mark.size() - 2;
        }
        p.push_back(sql.mid(from));
        return p;
    };
    static const std::vector<QString> plainPieces = piecesOf(QString(kBatchSql).replace(QLatin1String("%24"), QString()));
    static const std::vector<QString> idempotentPieces = piecesOf(QString(kBatchSql).replace(QLatin1String("%24"), kOnConflict));
    const std::vector<QString> &pieces = mode == UsageInsert::Plain ? plainPieces : idempotentPieces;
    QSqlField field(QString(), QMetaType::fromType<QString>());
    QString out;
    out.reserve(kBatchSql.size() + qsizetype(events.size()) * kColumns * 48);
    for (int n = 0; n < kColumns; ++n) {
        out.append(pieces[size_t(n)]);
        field.setValue(col[n].finish());
        out.append(driver.formatValue(field));
    }
    out.append(pieces.back());
    return out;
}

Result<int> insertUsageEvents(QSqlDatabase &db, const std::vector<UsageEvent> &events)
{
    if (events.empty())
        return 0;
    if (!db.driver())
        return fail(QStringLiteral("no database driver"));
    QSqlQuery q(db);
    // One statement is atomic on its own: no BEGIN/COMMIT round trips. A duplicate request id makes the plain
    // form fail as a whole, having inserted nothing; the idempotent form then inserts what is new.
    if (q.exec(usageBatchStatement(*db.driver(), events, UsageInsert::Plain)))
        return q.numRowsAffected();
    if (q.lastError().nativeErrorCode() != kUniqueViolation)
        return fail(sqlError(q));
    if (!q.exec(usageBatchStatement(*db.driver(), events, UsageInsert::Idempotent)))
        return fail(sqlError(q));
    return q.numRowsAffected();
}

} // namespace crosslogic
