-- wrk script: POSTs the bodies of $BODIES (one JSON body per line) in turn, each thread from its own
-- offset, and counts an answer as bad unless its status is 200 and its body contains $EXPECT.
-- Prints "bad_responses: N" at the end.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local lines = {}
local path = os.getenv("BODIES")
assert(path, "set BODIES")
for line in io.lines(path) do
  if #line > 0 then table.insert(lines, line) end
end
local expect = os.getenv("EXPECT")

bad = 0   -- globals, so that done() can read them per thread with t:get
thread_id = 0
local threads = {}
local requests, k = {}, 0
function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end
function init(args)
  for i, body in ipairs(lines) do requests[i] = wrk.format(nil, nil, nil, body) end
  k = (thread_id * 997) % #requests   -- threads start at different bodies
end
function request()
  k = k % #requests + 1
  return requests[k]
end
function response(status, headers, body)
  if status ~= 200 or (expect and not string.find(body, expect, 1, true)) then bad = bad + 1 end
end
function done(summary, latency, reqs)
  local total = 0
  for _, t in ipairs(threads) do total = total + (t:get("bad") or 0) end
  io.write(string.format("bad_responses: %d\n", total))
end
