-- Makes hidden records visible once their broker confirmed the publish: moves each under its record key, into the
-- list index, makes its queue known, counts it when delayed, and announces it. An id no longer hidden (swept, or
-- revealed already) is left alone.
-- KEYS: index, hidden set
-- ARGV: record key prefix, hidden key prefix, channel prefix, key prefix, now ms, id, ...
local records, hidden, channels = ARGV[1], ARGV[2], ARGV[3]
figures(ARGV[4], ARGV[5], '1')
local revealed = 0
local queues = {}
for i = 6, #ARGV do
  local id = ARGV[i]
  if redis.call('EXISTS', hidden .. id) == 1 then
    redis.call('RENAME', hidden .. id, records .. id)
    redis.call('ZADD', KEYS[1], 0, id)
    local current = redis.call('HMGET', records .. id, 'state', 'queue')
    if isDelayed(current[1]) then
      delayed(current[2], id, true)
    elseif current[1] == 'QUEUED' then
      ready(current[2], id, true)
    end
    queues[current[2]] = true
    announce(records .. id, channels .. id)
    revealed = revealed + 1
  end
  redis.call('ZREM', KEYS[2], id)
end
for queue in pairs(queues) do
  known(queue)
end
flush()
return revealed
