-- wrk script: POST the file $BODY with Content-Type $CTYPE (and optional $ACCEPT) on every request;
-- counts responses whose body does not contain $EXPECT (if set) as bad.
wrk.method = "POST"
wrk.headers["Content-Type"] = os.getenv("CTYPE") or "application/json"
if os.getenv("ACCEPT") then wrk.headers["Accept"] = os.getenv("ACCEPT") end
local f = assert(io.open(os.getenv("BODY"), "rb"))
wrk.body = f:read("*a")
f:close()

local expect = os.getenv("EXPECT")
bad = 0  -- a global: done() reads it per thread with t:get("bad"), which cannot see locals
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 end
function response(status, headers, body)
  if status ~= 200 or (expect and not string.find(body, expect, 1, true)) then bad = bad + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + (t:get("bad") or 0) end
  io.write(string.format("bad_responses: %d\n", total))
end
