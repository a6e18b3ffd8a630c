-- wrk script: single Segment-style track calls to POST /v1/track, one unique messageId per request.
--
--   wrk -t2 -c32 -d15s --latency -s bench/wrk/track.lua http://127.0.0.1:PORT/v1/track -- WRITE_KEY
--
-- The write key is the first script argument (after "--") or the WAYMARK_WRITE_KEY environment variable;
-- it is sent as the HTTP Basic user name with an empty password, as Segment's libraries do.
-- At the end one machine-readable line is printed: "WRK_RESULT {json}" (latencies in microseconds).

local b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

local function base64(data)
  return ((data:gsub(".", function(x)
    local r, b = "", x:byte()
    for i = 8, 1, -1 do r = r .. (b % 2 ^ i - b % 2 ^ (i - 1) > 0 and "1" or "0") end
    return r
  end) .. "0000"):gsub("%d%d%d?%d?%d?%d?", function(x)
    if #x < 6 then return "" end
    local c = 0
    for i = 1, 6 do c = c + (x:sub(i, i) == "1" and 2 ^ (6 - i) or 0) end
    return b64:sub(c + 1, c + 1)
  end) .. ({ "", "==", "=" })[#data % 3 + 1])
end

local next_thread = 0

function setup(thread)
  thread:set("tid", next_thread)
  next_thread = next_thread + 1
end

local names = { "Page Viewed", "Button Click", "Signed Up", "Order Placed", "Item Added", "Search Done", "Video Played", "Plan Changed" }
local plans = { "free", "starter", "pro", "enterprise" }
local counter = 0
local run_id

function init(args)
  local key = args[1] or os.getenv("WAYMARK_WRITE_KEY")
  if key == nil or key == "" then
    error("pass the write key: wrk ... -s track.lua URL -- WRITE_KEY (or set WAYMARK_WRITE_KEY)")
  end
  -- os.time() alone repeats between runs started in the same second; mix in the clock and the thread id.
  math.randomseed(os.time() * 1000 + math.floor((os.clock() * 1000000) % 1000) + (tid or 0) * 7919)
  run_id = string.format("%08x%04x", math.random(0, 0x7fffffff), math.random(0, 0xffff))
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Basic " .. base64(key .. ":")
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"type":"track","userId":"user_%06d","event":"%s","messageId":"wrk-%s-%d-%d",'
      .. '"properties":{"plan":"%s","value":%d.%02d,"currency":"EUR"},'
      .. '"context":{"library":{"name":"@segment/analytics-node","version":"2.1.3"}},"timestamp":"%s"}',
    math.random(1, 10000), names[math.random(1, #names)], run_id, tid or 0, counter,
    plans[math.random(1, #plans)], math.random(0, 499), math.random(0, 99), os.date("!%Y-%m-%dT%H:%M:%SZ"))
  return wrk.format(nil, nil, nil, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests":%d,"durationUs":%d,"requestsPerSecond":%.1f,"non2xx":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,"timeouts":%d,'
      .. '"p50Us":%d,"p90Us":%d,"p99Us":%d,"maxUs":%d}\n',
    summary.requests, summary.duration, summary.requests / (summary.duration / 1000000),
    e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
