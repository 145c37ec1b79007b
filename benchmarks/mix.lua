-- wrk script: cycle through a list of requests (method TAB path TAB Accept per line), each
-- thread from its own starting point; print one JSON summary line at the end.
local requests = {}
local counter = 0

function init(args)
  for line in io.lines(args[1]) do
    local method, path, accept = line:match("^(%S+)\t(%S+)\t(.*)$")
    table.insert(requests, wrk.format(method, path, { ["Accept"] = accept }))
  end
  counter = math.random(#requests)
end

function request()
  counter = counter % #requests + 1
  return requests[counter]
end

function done(summary, latency, _)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "errors_connect": %d, "errors_read": %d, ' ..
    '"errors_write": %d, "errors_status": %d, "errors_timeout": %d, "p50_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
