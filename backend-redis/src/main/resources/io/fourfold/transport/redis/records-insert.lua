-- Stores the records of one submit hidden (under their own keys, outside the index), for a transport whose broker
-- is not this store; or answers what an earlier submit under the same idempotency key made.
-- KEYS: idempotency key, hidden set
-- ARGV: fingerprint ('' = no key), key ttl ms, record key prefix, hidden key prefix, now ms, task count, then per
--       task: id, unique holder key ('' = not unique), states that stand for it, unique ttl ms, field count, name,
--       value, ...
-- Reply: {'STORED', index, id, ...} (as submit.lua), {'CONFLICT'}, {'UNDERWAY'} (the earlier submit, or that of the
--        unique task that would stand for one of these, is not revealed yet) or {'REPLAYED', id, ...}
local fingerprint, keyTtl, records, hidden, now, count = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6])

local earlier = replay(KEYS[1], fingerprint, records, hidden)
if earlier then
  return earlier
end

-- The unique tasks under way first, read only, so an answer of UNDERWAY leaves nothing written.
local holders = {}
local claimed = {}
local i = 7
for n = 1, count do
  local id, holderKey, fields = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 4])
  if holderKey ~= '' then
    local holder = uniqueHolder(holderKey, ARGV[i + 2], records, hidden, claimed)
    if holder == false then
      return {'UNDERWAY'}
    elseif not holder then
      claimed[holderKey] = id
    end
    holders[n] = holder
  end
  i = i + 5 + fields * 2
end

local ids = {}
local reply = {'STORED'}
i = 7
for n = 1, count do
  local id, holderKey, uniqueTtl, fields = ARGV[i], ARGV[i + 1], ARGV[i + 3], tonumber(ARGV[i + 4])
  if holders[n] then
    reply[#reply + 1] = tostring(n)
    reply[#reply + 1] = holders[n]
  else
    if holderKey ~= '' then
      redis.call('SET', holderKey, id, 'PX', uniqueTtl)
    end
    local values = {}
    for j = 1, fields * 2 do
      values[j] = ARGV[i + 4 + j]
    end
    redis.call('HSET', hidden .. id, unpack(values))
    redis.call('ZADD', KEYS[2], now, id)
  end
  ids[#ids + 1] = holders[n] or id
  i = i + 5 + fields * 2
end

remember(KEYS[1], fingerprint, ids, keyTtl)
return reply
