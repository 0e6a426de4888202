-- Stores the records of one submit hidden (under their own keys, outside the index), for a transport whose broker
-- is not this store; or answers what an earlier submit under the same idempotency key made.
-- KEYS: idempotency key, hidden set
-- ARGV: fingerprint ('' = no key), key ttl ms, record key prefix, hidden key prefix, now ms, task count, then per
--       task: id, field count, name, value, ...
-- Reply: {'STORED'}, {'CONFLICT'}, {'UNDERWAY'} (the earlier submit is not revealed yet) or {'REPLAYED', id, ...}
local fingerprint, keyTtl, records, hidden, now, count = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6])

local earlier = replay(KEYS[1], fingerprint, records, hidden)
if earlier then
  return earlier
end

local ids = {}
local i = 7
for _ = 1, count do
  local id, fields = ARGV[i], tonumber(ARGV[i + 1])
  local values = {}
  for j = 1, fields * 2 do
    values[j] = ARGV[i + 1 + j]
  end
  redis.call('HSET', hidden .. id, unpack(values))
  redis.call('ZADD', KEYS[2], now, id)
  ids[#ids + 1] = id
  i = i + 2 + fields * 2
end

remember(KEYS[1], fingerprint, ids, keyTtl)
return {'STORED'}
