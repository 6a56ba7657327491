-- wrk script: authenticated JSON POSTs of a small non-streaming chat completion (max_tokens cycling 1..16);
-- writes a JSON summary to $BENCH_WRK_OUT. Env: BENCH_KEY (optional), BENCH_MODEL, BENCH_PATH.
local key = os.getenv("BENCH_KEY") or ""
local model = os.getenv("BENCH_MODEL") or "bench-model"
local path = os.getenv("BENCH_PATH") or "/v1/chat/completions"
local requests = {}
local n = 0

init = function(args)
  local headers = { ["Content-Type"] = "application/json" }
  if key ~= "" then
    headers["Authorization"] = "Bearer " .. key
  end
  for t = 1, 16 do
    local body = string.format(
      '{"model":"%s","messages":[{"role":"user","content":"Say hello to the benchmark."}],"max_tokens":%d}', model, t)
    requests[t] = wrk.format("POST", path, headers, body)
  end
end

request = function()
  n = n % 16 + 1
  return requests[n]
end

done = function(summary, latency, _)
  local out = os.getenv("BENCH_WRK_OUT")
  if not out then return end
  local f = assert(io.open(out, "w"))
  local seconds = summary.duration / 1e6
  local e = summary.errors
  f:write(string.format(
    '{"requests":%d,"duration_s":%.3f,"rps":%.1f,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_ms":{"mean":%.4f,"p50":%.4f,"p90":%.4f,"p99":%.4f,"p999":%.4f,"max":%.4f}}\n',
    summary.requests, seconds, summary.requests / seconds, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean / 1000, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, latency.max / 1000))
  f:close()
end
