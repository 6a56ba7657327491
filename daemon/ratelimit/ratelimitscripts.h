// The Lua scripts that make every limit check and update one atomic Redis round trip.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>

namespace crosslogic {

// The scripts share their Lua functions: one string made of several at compile time.
template <std::size_t... N>
constexpr auto joinLua(const char (&...parts)[N])
{
    std::array<char, (N + ...) - sizeof...(N) + 1> out{};
    std::size_t at = 0;
    ((std::copy_n(parts, N - 1, out.begin() + std::ptrdiff_t(at)), at += N - 1), ...);
    return out;
}

// KEYS: 1 the replica's in-flight hash, then per level (key, env, tenant) the counters its limits read, in this
//       order: reqCur and reqPrev when it limits requests, tokCur and tokPrev when it limits tokens, concurrency when
//       it limits concurrency (c keys: 5 with the key level's three limits, 15 with every level's); then
//       (spend, docs/billing.md) one counter per spend cap (micro-units spent or reserved in its period).
// ARGV: 1 prevWeight (0..1, share of the previous minute still inside the sliding window), 2 token estimate,
//       3 window TTL seconds, then per level: rpm, tpm, concurrency limits (0 = none: not counted, no keys) → ARGV
//       4..12. Spend: ARGV 13 the request's maximum cost, 14 n caps, then n limits, then n key TTLs in seconds (0:
//       none), then the name of the key the spend reconciler sets once the counters are rebuilt (spend:ready), then
//       the least reservation the request accepts (absent: ARGV 13; a stream's prompt and one token, cut where it
//       ends).
// Returns {admitted, failedLevel (1..3, 0), failedKind (1 requests, 2 tokens, 3 concurrency),
//          then per level: usedRequests, usedTokens, inflight, then the reservation made (micro-units) and the cap
//          that limited it below ARGV 13 (1..n, 0: none)} — counts before this request (0 for what is not counted);
//          a spend refusal is {0, capIndex (1..n), 4, the 9 counts, spent of that cap}; {0, 0, 5, the 9 counts} while
//          the counters are not rebuilt after a Redis loss (the ready key missing, billing/spendreconciler.h).
// Only what a limit reads is counted: a level's requests, tokens or concurrency without a limit (0) are neither
// named, read nor written (docs/operations.md). Nothing is written unless every level admits. The counters are read
// with one MGET, a minute counter gets its TTL when this script creates it (only this script creates them; release
// never does, and an operator's fix is a DEL), and one field of the in-flight hash names the request's concurrency
// counters: with the key level's three limits only, 5 Redis calls per admission and 4 per release (33 and 15 at
// first), docs/benchmarks.md.
// What the functions below call, as locals (a global's lookup costs more on every call).
inline constexpr char kLocals[] = R"lua(
local call, tonumber, floor, max, min, unpack = redis.call, tonumber, math.floor, math.max, math.min, unpack
)lua";

// The admission as a Lua function of its keys and arguments (KEYS/ARGV above), shared by both scripts: K[ko + 1] is
// its first key and A[ao + 1] its first of na arguments (the batch passes its own KEYS and ARGV, without copying).
inline constexpr char kAdmitFn[] = R"lua(
local function admit(K, ko, A, ao, na)
  local prevWeight = tonumber(A[ao + 1])
  local estimate = tonumber(A[ao + 2])
  local ttl = tonumber(A[ao + 3])
  local lim, c = {}, 0
  for i = 1, 9 do
    local l = tonumber(A[ao + 3 + i])
    lim[i] = l
    if l > 0 then c = c + (i % 3 == 0 and 1 or 2) end
  end
  local v = c > 0 and call('MGET', unpack(K, ko + 2, ko + 1 + c)) or {}
  local used, at = {}, 0
  for level = 0, 2 do
    local l = level * 3
    local rpm, tpm, conc = lim[l + 1], lim[l + 2], lim[l + 3]
    local reqs, toks, inflight = 0, 0, 0
    if rpm > 0 then
      reqs = tonumber(v[at + 1] or '0') + floor(tonumber(v[at + 2] or '0') * prevWeight)
      at = at + 2
    end
    if tpm > 0 then
      toks = tonumber(v[at + 1] or '0') + floor(tonumber(v[at + 2] or '0') * prevWeight)
      at = at + 2
    end
    if conc > 0 then
      inflight = max(0, tonumber(v[at + 1] or '0'))
      at = at + 1
    end
    used[#used + 1] = reqs
    used[#used + 1] = toks
    used[#used + 1] = inflight
    if rpm > 0 and reqs + 1 > rpm then return {0, level + 1, 1, unpack(used)} end
    if tpm > 0 and toks + estimate > tpm then return {0, level + 1, 2, unpack(used)} end
    if conc > 0 and inflight + 1 > conc then return {0, level + 1, 3, unpack(used)} end
  end
  -- Spend: the request's maximum cost must fit in what every cap has left; an exhausted cap admits nothing. A stream
  -- may be admitted with less (down to its minimum, A[16 + 2n]): what the tightest cap has left, then cut there.
  -- Only its own na arguments: in a batch the next operation's follow.
  local reserve = na >= 13 and tonumber(A[ao + 13]) or 0
  local caps = na >= 14 and tonumber(A[ao + 14]) or 0
  if caps > 0 and call('EXISTS', A[ao + 15 + 2 * caps]) == 0 then return {0, 0, 5, unpack(used)} end
  local minReserve = min(reserve, na >= 16 + 2 * caps and tonumber(A[ao + 16 + 2 * caps]) or reserve)
  local limitedBy = 0
  local sk = ko + 1 + c -- the spend counters follow the rate counters
  for i = 1, caps do
    local spent = tonumber(call('GET', K[sk + i]) or '0')
    local limit = tonumber(A[ao + 14 + i])
    if spent >= limit or spent + minReserve > limit then
      local out = {0, i, 4}
      for _, u in ipairs(used) do out[#out + 1] = u end
      out[#out + 1] = spent
      return out
    end
    if spent + reserve > limit then
      reserve = limit - spent
      limitedBy = i
    end
  end
  for i = 1, caps do
    call('INCRBY', K[sk + i], reserve)
    local capTtl = tonumber(A[ao + 14 + caps + i])
    if capTtl > 0 and call('TTL', K[sk + i]) < 0 then call('EXPIRE', K[sk + i], capTtl) end
  end
  local field, p = nil, ko + 1
  for level = 0, 2 do
    local l = level * 3
    if lim[l + 1] > 0 then
      if call('INCR', K[p + 1]) == 1 then call('EXPIRE', K[p + 1], ttl) end
      p = p + 2
    end
    if lim[l + 2] > 0 then
      if estimate > 0 and call('INCRBY', K[p + 1], estimate) == estimate then call('EXPIRE', K[p + 1], ttl) end
      p = p + 2
    end
    if lim[l + 3] > 0 then
      call('INCR', K[p + 1])
      field = field and (field .. ' ' .. K[p + 1]) or K[p + 1]
      p = p + 1
    end
  end
  -- One field names the request's concurrency counters (space-separated): one HINCRBY, not one per level.
  if field then call('HINCRBY', K[ko + 1], field, 1) end
  local out = {1, 0, 0}
  for _, u in ipairs(used) do out[#out + 1] = u end
  out[#out + 1] = reserve
  out[#out + 1] = limitedBy
  return out
end
)lua";
inline constexpr auto kAdmitScriptText = joinLua(kLocals, kAdmitFn, "return admit(KEYS, 0, ARGV, 0, #ARGV)\n");
inline constexpr const char *kAdmitScript = kAdmitScriptText.data();

// KEYS: the token counters of the admission's minute that it counted (tpm set, n of them), then the concurrency
//       counters it counted (m), then the replica's in-flight hash (n + m + 1), then the spend counters the admission
//       reserved on.
// ARGV: 1 token correction (actual - estimate, may be negative), 2 window TTL seconds, 3 cost correction (metered
//       cost - reservation, micro-units), 4 n, 5 m.
// Counters are clamped at zero: they can never go negative, whatever was cleared by hand meanwhile.
inline constexpr char kReleaseFn[] = R"lua(
local function release(K, ko, nk, A, ao)
  local delta = tonumber(A[ao + 1])
  local costDelta = tonumber(A[ao + 3])
  local nt, nc = tonumber(A[ao + 4]), tonumber(A[ao + 5])
  local hash = nt + nc + 1
  for i = hash + 1, nk do
    if costDelta ~= 0 and call('EXISTS', K[ko + i]) == 1 then
      if tonumber(call('INCRBY', K[ko + i], costDelta)) < 0 then call('SET', K[ko + i], 0, 'KEEPTTL') end
    end
  end
  if delta ~= 0 then
    for i = 1, nt do
      -- The minute's counter is corrected only if it still exists: one that INCRBY just created (worth delta, no
      -- TTL) is removed again, so only the admission creates counters (with their TTL).
      local n = tonumber(call('INCRBY', K[ko + i], delta))
      if n == delta and call('TTL', K[ko + i]) == -1 then call('DEL', K[ko + i])
      elseif n < 0 then call('SET', K[ko + i], 0, 'KEEPTTL') end
    end
  end
  local field
  for i = nt + 1, nt + nc do
    if tonumber(call('DECR', K[ko + i])) < 0 then call('SET', K[ko + i], 0) end
    field = field and (field .. ' ' .. K[ko + i]) or K[ko + i]
  end
  if field and tonumber(call('HINCRBY', K[ko + hash], field, -1)) <= 0 then call('HDEL', K[ko + hash], field) end
  return 1
end
)lua";
inline constexpr auto kReleaseScriptText = joinLua(kLocals, kReleaseFn, "return release(KEYS, 0, #KEYS, ARGV, 0)\n");
inline constexpr const char *kReleaseScript = kReleaseScriptText.data();

// Several admissions and releases of one I/O thread in one call (RATE_LIMIT_BATCH), run in the order given, so a
// release queued before an admission is seen by it. KEYS: every operation's keys, one after the other. ARGV: per
// operation 'a' (admission) or 'r' (release), its number of keys, its number of arguments, then those arguments (as
// above). Returns, flat, per operation: n then the n values admit() returns (n = 0 for a release), or -1 then the
// error text when that operation failed (the others still ran: one bad counter does not fail its neighbours).
inline constexpr char kBatchLoop[] = R"lua(
local out, ki, ai = {}, 0, 1
while ai <= #ARGV do
  local kind, nk, na = ARGV[ai], tonumber(ARGV[ai + 1]), tonumber(ARGV[ai + 2])
  local ok, r
  if kind == 'a' then ok, r = pcall(admit, KEYS, ki, ARGV, ai + 2, na) else ok, r = pcall(release, KEYS, ki, nk, ARGV, ai + 2) end
  ki, ai = ki + nk, ai + 3 + na
  if not ok then
    out[#out + 1] = -1
    out[#out + 1] = type(r) == 'table' and (r.err or 'error') or tostring(r)
  elseif kind == 'a' then
    out[#out + 1] = #r
    for _, x in ipairs(r) do out[#out + 1] = x end
  else
    out[#out + 1] = 0
  end
end
return out
)lua";
inline constexpr auto kBatchScriptText = joinLua(kLocals, kAdmitFn, kReleaseFn, kBatchLoop);
inline constexpr const char *kBatchScript = kBatchScriptText.data();

// Reclaims what one in-flight hash holds and deletes it; returns the number of requests whose slots it gave back.
// Each field names the three concurrency counters of its requests (space-separated; an older daemon's field names
// one) and counts those requests. Shared by both reapers below.
inline constexpr char kReclaimFn[] = R"lua(
local function reclaim(hash)
  local held = redis.call('HGETALL', hash)
  local reclaimed = 0
  for i = 1, #held, 2 do
    local n = tonumber(held[i + 1])
    if n > 0 then
      for counter in string.gmatch(held[i], '%S+') do
        if tonumber(redis.call('DECRBY', counter, n)) < 0 then redis.call('SET', counter, 0) end
      end
      reclaimed = reclaimed + n
    end
  end
  redis.call('DEL', hash)
  return reclaimed
end
)lua";

// Reclaims the in-flight slots of replicas whose lease expired (they died with requests in flight).
// KEYS: 1 the set of replicas. ARGV: none. Returns the number of requests whose slots were reclaimed.
inline constexpr auto kReapScriptText = joinLua(kReclaimFn, R"lua(
local reclaimed = 0
for _, replica in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('EXISTS', 'ratelimit:replica:' .. replica .. ':alive') == 0 then
    reclaimed = reclaimed + reclaim('ratelimit:replica:' .. replica .. ':inflight')
    redis.call('SREM', KEYS[1], replica)
  end
end
return reclaimed
)lua");
inline constexpr const char *kReapScript = kReapScriptText.data();

// Redis Cluster mode: reclaims what one stopped replica held in one tenant's slot (docs/architecture.md, "Redis
// Cluster"). KEYS: 1 ratelimit:{<tenant>}:replica:<id>:inflight; the counters it names share that slot.
inline constexpr auto kReapTenantScriptText = joinLua(kReclaimFn, "return reclaim(KEYS[1])\n");
inline constexpr const char *kReapTenantScript = kReapTenantScriptText.data();

} // namespace crosslogic
