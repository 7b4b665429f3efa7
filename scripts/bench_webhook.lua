-- wrk script for scripts/bench_server.py: every request is a different pre-signed buyer message.
--
--   wrk -t2 -c50 -d10s -s scripts/bench_webhook.lua http://127.0.0.1:PORT -- REQUESTS_FILE THREADS [RATE]
--
-- REQUESTS_FILE has one request a line, "timestamp<TAB>signature<TAB>json body", signed in Python
-- beforehand (HMAC-SHA256 over timestamp + "\n" + body), so wrk spends no CPU on signing. Thread k
-- of n sends lines k, k+n, k+2n...: no message_id is sent twice unless the file runs out, which
-- done() reports as "wrapped" (the repeats would be answered as cheap duplicates).
--
-- Without RATE every connection sends its next request as soon as the answer is in (a closed loop:
-- the most the server can take). With RATE (requests per second, all threads together) each thread
-- sends on a fixed schedule, so the server is offered that load whatever its latency, and the
-- latency is the server's at that load (as wrk2 does, minus its correction for late sends).

local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]]
local clock = ffi.new("bench_timespec")
local function now_ms()
   ffi.C.clock_gettime(1, clock)  -- CLOCK_MONOTONIC
   return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end

local threads = {}
local counter = 0

function setup(thread)
   thread:set("tid", counter)
   counter = counter + 1
   table.insert(threads, thread)
end

function init(args)
   local path = args[1]
   local requests, i = {}, 0
   local total = tonumber(args[2])
   for line in io.lines(path) do
      if i % total == tid then
         local ts, sig, body = line:match("^([^\t]*)\t([^\t]*)\t(.*)$")
         requests[#requests + 1] = wrk.format("POST", "/webhook/generic", {
            ["Content-Type"] = "application/json",
            ["X-Timestamp"] = ts,
            ["X-Signature"] = sig,
         }, body)
      end
      i = i + 1
   end
   pool = requests
   nxt = 0
   wrapped = 0
   if args[3] then  -- wrk looks for delay() after init: a closed loop never pays for it
      interval = 1000 * total / tonumber(args[3])  -- ms between this thread's sends
      delay = paced
   end
end

function paced()
   local now = now_ms()
   -- the next slot on this thread's schedule; a thread that fell behind catches up by at most 50 ms
   slot = math.max((slot or now) + interval, now - 50)
   return math.max(0, slot - now)
end

function request()
   nxt = nxt + 1
   if nxt > #pool then
      nxt = 1
      wrapped = wrapped + 1
   end
   return pool[nxt]
end

function done(summary, latency, requests)
   local wraps = 0
   for _, t in ipairs(threads) do
      wraps = wraps + (t:get("wrapped") or 0)
   end
   local e = summary.errors
   -- the latency at every 0.1 %, so the runs of several wrk processes (one an instance) can be merged
   local grid = {}
   for i = 1, 999 do
      grid[#grid + 1] = string.format("%d", latency:percentile(i / 10))
   end
   io.write(string.format(
      "RESULT {\"requests\": %d, \"duration_us\": %d, \"p50_us\": %d, \"p90_us\": %d, \"p99_us\": %d,"
      .. " \"p999_us\": %d, \"max_us\": %d, \"non_2xx\": %d, \"connect\": %d, \"read\": %d,"
      .. " \"write\": %d, \"timeout\": %d, \"wrapped\": %d, \"grid_us\": [%s]}\n",
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
      latency:percentile(99), latency:percentile(99.9), latency.max, e.status, e.connect, e.read,
      e.write, e.timeout, wraps, table.concat(grid, ",")))
end
