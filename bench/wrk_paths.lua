-- wrk script for bench/load_test.py: rotate through the paths in WRK_PATHS ("|"-separated) or WRK_PATHS_FILE,
-- send the session cookie and the proxy's X-Forwarded-Proto header, print figures as JSON.
local paths = {}
local listed = os.getenv("WRK_PATHS_FILE")  -- one path a line: too many for an environment variable
if listed then
  for path in io.lines(listed) do paths[#paths + 1] = path end
else
  for path in string.gmatch(os.getenv("WRK_PATHS") or "/", "[^|]+") do
    paths[#paths + 1] = path
  end
end
local cookie = os.getenv("WRK_COOKIE")
local think = tonumber(os.getenv("WRK_THINK_MS") or "0")
-- Each thread starts at its own random place in the list (init, below).
local counter = 1

-- A user reads a page before asking for the next: think time, randomised around the mean.
delay = function()
  if think > 0 then return math.random(math.floor(think / 2), math.floor(think * 3 / 2)) end
  return 0
end

request = function()
  counter = counter + 1
  local headers = {["X-Forwarded-Proto"] = "https"}
  if cookie then headers["Cookie"] = cookie end
  return wrk.format("GET", paths[(counter % #paths) + 1], headers)
end

-- A redirect (to the login page, say) is not a page served: count it apart. Each thread
-- keeps its own count; done() sums them.
local threads = {}
setup = function(thread)
  thread:set("redirects", 0)
  thread:set("number", #threads + 1)
  table.insert(threads, thread)
end
-- In the thread's own state: without a seed of its own, every thread would walk the list in
-- step with the others.
init = function(args)
  math.randomseed(os.time() * 1000 + (number or 0))
  counter = math.random(1, #paths)
end
response = function(status, headers, body)
  if status >= 300 and status < 400 then redirects = redirects + 1 end
end

done = function(summary, latency, requests)
  local redirected = 0
  for _, thread in ipairs(threads) do redirected = redirected + thread:get("redirects") end
  io.write(string.format(
    '{"requests": %d, "seconds": %.2f, "p50_ms": %.1f, "p95_ms": %.1f, "p99_ms": %.1f, "max_ms": %.1f, ' ..
    '"non_2xx_3xx": %d, "redirects": %d, "connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.errors.status, redirected, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout))
end
