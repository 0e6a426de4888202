-- Walks the index newest first from the cursor and answers the ids of up to limit matching tasks, dropping ids
-- whose records have expired. Scans at most budget ids per call.
-- KEYS: index
-- ARGV: record key prefix, cursor ('' = newest), state, type, queue ('' = any), limit, budget
-- Reply: {next cursor or '', id, id, ...}
local records, cursor, state, type, queue = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local limit, budget = tonumber(ARGV[6]), tonumber(ARGV[7])
local from = '+'
if cursor ~= '' then
  from = '(' .. cursor
end
local found = {}
local scanned = 0
local last
local exhausted = false
while #found <= limit and scanned < budget and not exhausted do
  local ids = redis.call('ZREVRANGEBYLEX', KEYS[1], from, '-', 'LIMIT', 0, math.min(100, budget - scanned))
  exhausted = #ids == 0
  for _, id in ipairs(ids) do
    scanned = scanned + 1
    last = id
    local current = redis.call('HMGET', records .. id, 'state', 'type', 'queue')
    if not current[1] then
      redis.call('ZREM', KEYS[1], id)
    elseif (state == '' or current[1] == state) and (type == '' or current[2] == type)
        and (queue == '' or current[3] == queue) then
      found[#found + 1] = id
      if #found > limit then
        break
      end
    end
  end
  if last then
    from = '(' .. last
  end
end
local next = ''
if #found > limit then
  found[#found] = nil
  next = found[#found]
elseif not exhausted and last then
  -- The budget ran out before the end: the page may be short, and the next one goes on from here.
  next = last
end
table.insert(found, 1, next)
return found
