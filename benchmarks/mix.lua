-- wrk script: cycle through a list of requests (method TAB path TAB Accept TAB one more header
-- line, maybe empty), each thread from its own starting point; print one JSON line at the end.
local requests = {}
local counter = 0

function init(args)
  for line in io.lines(args[1]) do
    local method, path, accept, extra = line:match("^(%S+)\t(%S+)\t([^\t]*)\t?(.*)$")
    local headers = { ["Accept"] = accept }
    local name, value = extra:match("^([^:]+):%s*(.*)$")
    if name then headers[name] = value end
    table.insert(requests, wrk.format(method, path, headers))
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
