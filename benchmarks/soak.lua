-- Mixed traffic for benchmarks/soak.sh: sentiment (BGE on 6 repeated texts, mostly cache hits; the
-- fast model on unique texts), image (raw PNG), recommend, interactions, batch and ~20% bad
-- requests, in a fixed rotation. Counts answers
-- by status; DELAY_MS (env) paces each connection (0: as fast as it can).
local png = io.open("benchmarks/data/fashion-mnist-test-0.png", "rb"):read("*a")
local texts = {"The battery lasts all day", "Terrible, it broke at once", "Quite good value for money",
               "I would not buy it again", "Fast delivery and friendly staff", "The screen cracked in a week"}
local items = {1, 110, 260, 296, 318, 356, 480, 527, 589, 593}
local delay_ms = tonumber(os.getenv("DELAY_MS") or "0")
local json = {["Content-Type"] = "application/json"}
local mix = {
  function(n) return wrk.format("POST", "/api/predict/sentiment", json,
      '{"text": "' .. texts[n % #texts + 1] .. '"}') end,
  function(n) return wrk.format("POST", "/api/predict/sentiment", json,
      '{"text": "' .. texts[n % #texts + 1] .. ' ' .. n .. '", "model": "sentiment-fast"}') end,
  function(n) return wrk.format("POST", "/api/predict/image?top_k=3", {["Content-Type"] = "image/png"}, png) end,
  function(n) return wrk.format("POST", "/api/predict/recommend", json,
      '{"user_id": "' .. (n % 600 + 1) .. '", "limit": 10}') end,
  function(n) return wrk.format("POST", "/api/predict/image?top_k=1", {["Content-Type"] = "image/png"}, png) end,
  function(n) return wrk.format("POST", "/api/predict/recommend", json,
      '{"user_id": "soak-' .. (n % 50) .. '", "context": {"category": "Comedy"}}') end,
  function(n) return wrk.format("POST", "/api/predict/batch", json,
      '{"texts": ["' .. texts[1] .. '", "' .. texts[2] .. ' ' .. n .. '"], "model": "sentiment-fast"}') end,
  function(n) return wrk.format("POST", "/api/predict/sentiment", json, '{"text": 5}') end,           -- bad: 400
  function(n) return wrk.format("POST", "/api/predict/recommend", json, '{"user_id": "42", "limit": 0}') end, -- bad: 400
}
local counter = 0
statuses = {}  -- a global: done() reads each thread's copy
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
end

local function interaction(n)
  return wrk.format("POST", "/api/interactions", json,
      '{"user_id": "soak-' .. (n % 50) .. '", "item_id": "' .. items[n % #items + 1] .. '", "rating": 4}')
end

-- One request in 40 is an interaction: under the default per-client limit (200/s) at the soak's rate.
function request()
  counter = counter + 1
  if counter % 40 == 0 then
    return interaction(counter)
  end
  return mix[counter % #mix + 1](counter)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function delay()
  return delay_ms
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    for code, n in pairs(s) do total[code] = (total[code] or 0) + n end
  end
  local line = "statuses"
  for code, n in pairs(total) do line = line .. " " .. code .. "=" .. n end
  print(line)
end
