-- The live workers: prunes those whose heartbeat ran out, then answers the descriptions of the rest.
-- KEYS: live workers
-- ARGV: now ms, worker key prefix
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local reply = {}
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local description = redis.call('GET', ARGV[2] .. id)
  if description then
    reply[#reply + 1] = description
  end
end
return reply
