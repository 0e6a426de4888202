-- Removes records hidden since before a given time: their submit never finished, so no client was told they exist.
-- KEYS: hidden set
-- ARGV: hidden key prefix, before ms, batch size
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2], 'LIMIT', 0, ARGV[3])
for _, id in ipairs(ids) do
  redis.call('DEL', ARGV[1] .. id)
  redis.call('ZREM', KEYS[1], id)
end
return #ids
