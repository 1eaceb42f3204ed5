-- wrk script of bench/portal_load.sh: each connection cycles through the request paths listed one per
-- line in the file $PORTAL_LOAD_PATHS (acknowledgment searches made from ledger_fill's manifest), each
-- thread starting at another place in the list. Redirects are not followed. done() prints one line,
-- "portal_load.result {json}", with the counts the shell script judges the run by: requests, non-2xx
-- responses (every status outside 200..299, not only wrk's >= 400) and socket errors.

local paths_file = os.getenv("PORTAL_LOAD_PATHS")
local requests = {}
local position = 1
non_2xx = 0
statuses = {}

local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_number", thread_count)
  table.insert(threads, thread)
end

function init(args)
  if paths_file == nil or paths_file == "" then
    error("PORTAL_LOAD_PATHS names no file of request paths")
  end
  local file = assert(io.open(paths_file, "r"))
  for line in file:lines() do
    if line ~= "" then table.insert(requests, wrk.format("GET", line)) end
  end
  file:close()
  if #requests == 0 then error(paths_file .. " lists no request paths") end
  -- Threads start apart so that they do not ask the same thing at the same moment.
  position = (((thread_number or 1) - 1) * 7919) % #requests + 1
end

function request()
  local r = requests[position]
  position = position % #requests + 1
  return r
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non_2xx = non_2xx + 1
    statuses[status] = (statuses[status] or 0) + 1
  end
end

function done(summary, latency, requests_)
  local bad = 0
  local by_status = {}
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non_2xx")
    -- Tables do not cross threads; the first few distinct statuses are enough to say what went wrong.
    local seen = thread:get("statuses")
    if type(seen) == "table" then
      for status, n in pairs(seen) do by_status[status] = (by_status[status] or 0) + n end
    end
  end
  local e = summary.errors
  local parts = {}
  for status, n in pairs(by_status) do table.insert(parts, string.format('"%d":%d', status, n)) end
  io.write(string.format(
    'portal_load.result {"requests":%d,"duration_us":%d,"requests_per_s":%.1f,"p50_ms":%.3f,"p90_ms":%.3f,' ..
    '"p99_ms":%.3f,"max_ms":%.3f,"non_2xx":%d,"non_2xx_by_status":{%s},"socket_errors":{"connect":%d,"read":%d,' ..
    '"write":%d,"timeout":%d},"errors":%d}\n',
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    bad, table.concat(parts, ","), e.connect, e.read, e.write, e.timeout,
    e.connect + e.read + e.write + e.timeout))
end
