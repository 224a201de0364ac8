-- wrk script for bench/load_test.py: rotate through the paths in WRK_PATHS ("|"-separated),
-- send the session cookie and the proxy's X-Forwarded-Proto header, print figures as JSON.
local paths = {}
for path in string.gmatch(os.getenv("WRK_PATHS") or "/", "[^|]+") do
  paths[#paths + 1] = path
end
local cookie = os.getenv("WRK_COOKIE")
local counter = math.random(1, #paths)

request = function()
  counter = counter + 1
  local headers = {["X-Forwarded-Proto"] = "https"}
  if cookie then headers["Cookie"] = cookie end
  return wrk.format("GET", paths[(counter % #paths) + 1], headers)
end

done = function(summary, latency, requests)
  io.write(string.format(
    '{"requests": %d, "seconds": %.2f, "p50_ms": %.1f, "p95_ms": %.1f, "p99_ms": %.1f, "max_ms": %.1f, ' ..
    '"non_2xx_3xx": %d, "connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout))
end
