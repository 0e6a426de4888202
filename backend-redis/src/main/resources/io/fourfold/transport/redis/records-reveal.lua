-- Makes hidden records visible once their broker confirmed the publish: moves each under its record key, into the
-- list index, and announces it. An id no longer hidden (swept, or revealed already) is left alone.
-- KEYS: index, hidden set
-- ARGV: record key prefix, hidden key prefix, channel prefix, id, ...
local records, hidden, channels = ARGV[1], ARGV[2], ARGV[3]
local revealed = 0
for i = 4, #ARGV do
  local id = ARGV[i]
  if redis.call('EXISTS', hidden .. id) == 1 then
    redis.call('RENAME', hidden .. id, records .. id)
    redis.call('ZADD', KEYS[1], 0, id)
    announce(records .. id, channels .. id)
    revealed = revealed + 1
  end
  redis.call('ZREM', KEYS[2], id)
end
return revealed
