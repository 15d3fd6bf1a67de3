-- wrk script: POSTs review sentences to /api/predict/sentiment, rotating over several fixed texts (so a
-- figure is not an artefact of one input), optionally mixed with unique texts; or, with BATCH=N, one
-- fixed {"texts": [N sentences], "model": ...} body for /api/predict/batch. Counts responses by status
-- and prints them at the end ("statuses: 200=… non2xx: N"), like ../../shared/peers/post.lua.
-- env: MODEL   the "model" field (default sentiment)
--      TEXTS   how many of the 32 fixed sentences below to rotate over (default 8)
--      UNIQUE  share of requests (0..1, default 0) whose text is unique: a sentence with a counter,
--              never sent before (per run: RUN_ID, per thread and per request)
--      RUN_ID  part of every unique text (default: the time), so that a second run's texts are new too
--      BATCH   if set (1..32): every request is the same batch of the first BATCH sentences
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local sentences = {
  "The battery lasts all day and the screen is gorgeous.",
  "It stopped working after two weeks and support never answered.",
  "Great value for the price, I would buy it again.",
  "The sound is muffled and the volume buttons feel cheap.",
  "Setup took five minutes and everything just worked.",
  "The case cracked the first time I dropped it.",
  "Fast delivery, well packed, and exactly as described.",
  "The charger gets hot and the cable is far too short.",
  "My kids love it and it survived a full summer at the beach.",
  "The instructions were confusing and two screws were missing.",
  "Comfortable to wear for hours, even on long flights.",
  "The app keeps crashing and drains my phone battery.",
  "Beautiful colour, soft fabric, and it fits perfectly.",
  "It looks nothing like the pictures and feels flimsy.",
  "The coffee tastes rich and the machine is easy to clean.",
  "Returned it, the noise was unbearable at night.",
  "Excellent camera, the low light photos are sharp and clear.",
  "The zipper broke on the second day of the trip.",
  "Customer service replaced it quickly and without any fuss.",
  "Way too expensive for what you actually get.",
  "The keyboard feels solid and the keys are quiet.",
  "Battery life is terrible, it barely lasts an afternoon.",
  "Simple, sturdy, and it does exactly what it promises.",
  "The smell of plastic never went away.",
  "I use it every morning and it still works like new.",
  "The screen scratched within a week of normal use.",
  "Lovely little restaurant with friendly staff and great pasta.",
  "We waited an hour and the food arrived cold.",
  "The hotel room was spotless and the bed was very comfortable.",
  "The wifi was useless and the walls were paper thin.",
  "A gripping story with characters I actually cared about.",
  "The plot drags and the ending makes no sense.",
}

local function json_string(s) return '"' .. s:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"' end

local model = os.getenv("MODEL") or "sentiment"
local ntexts = math.max(1, math.min(#sentences, tonumber(os.getenv("TEXTS") or "8")))
local unique_share = tonumber(os.getenv("UNIQUE") or "0")
local run_id = os.getenv("RUN_ID") or tostring(os.time())
local batch = tonumber(os.getenv("BATCH") or "")

local function body_for(text) return '{"text": ' .. json_string(text) .. ', "model": ' .. json_string(model) .. '}' end

-- per-thread state (globals, so that done() can read them with thread:get)
counts = {}
non2xx = 0
local thread_id, fixed, n, k, acc = 0, {}, 0, 0, 0

local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end

function init(args)
  thread_id = _G.thread_id or 0
  if batch then
    local texts = {}
    for i = 1, math.max(1, math.min(#sentences, batch)) do texts[i] = json_string(sentences[i]) end
    wrk.body = '{"texts": [' .. table.concat(texts, ", ") .. '], "model": ' .. json_string(model) .. '}'
  end
  for i = 1, ntexts do fixed[i] = wrk.format(nil, nil, nil, body_for(sentences[i])) end
  k = thread_id * 3   -- threads start at different sentences
end

function request()
  if batch then return wrk.format() end
  n = n + 1
  acc = acc + unique_share   -- exactly UNIQUE of the requests are unique, evenly spread
  if acc >= 1 then
    acc = acc - 1
    return wrk.format(nil, nil, nil, body_for(string.format(
      "Order %s-%d-%d arrived on time and the product works as described.", run_id, thread_id, n)))
  end
  k = k + 1
  return fixed[k % ntexts + 1]
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end

function done(summary, latency, requests)
  local total, bad, parts, keys = {}, 0, {}, {}
  for _, t in ipairs(threads) do
    bad = bad + (t:get("non2xx") or 0)
    for status, c in pairs(t:get("counts") or {}) do total[status] = (total[status] or 0) + c end
  end
  for status in pairs(total) do table.insert(keys, status) end
  table.sort(keys)
  for _, status in ipairs(keys) do table.insert(parts, status .. "=" .. total[status]) end
  io.write(string.format("statuses: %s\nnon2xx: %d\n", table.concat(parts, " "), bad))
end
