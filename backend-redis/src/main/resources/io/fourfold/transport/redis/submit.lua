-- Stores the records of one submit and enqueues (or schedules) them, or answers what an earlier submit under the
-- same idempotency key made. Nothing is written when the answer is a conflict.
-- KEYS: idempotency key, index, due set
-- ARGV: group, fingerprint ('' = no key), key ttl ms, record key prefix, task count, key prefix, now ms, then per task:
--       id, record key, stream, due ms ('' = ready now), unique holder key ('' = not unique), states that stand for it,
--       unique ttl ms, field count, name, value, ...
-- Reply: {'STORED', index, id, ...} with the 1-based index of each task not made because the task id stands for it
--        (a unique task under way), {'CONFLICT'} or {'REPLAYED', id, ...}
local group, fingerprint, keyTtl, records, count = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])

figures(ARGV[6], ARGV[7], '0')

local earlier = replay(KEYS[1], fingerprint, records, nil)
if earlier then
  return earlier
end

-- Stores a record from its fields at ARGV[i + 1 ..] and enqueues or schedules it.
local function store(id, record, stream, due, fields, i)
  local values = {}
  local envelope, queue
  for j = 1, fields * 2, 2 do
    values[j] = ARGV[i + j]
    values[j + 1] = ARGV[i + j + 1]
    if values[j] == 'envelope' then
      envelope = values[j + 1]
    elseif values[j] == 'queue' then
      queue = values[j + 1]
    end
  end
  redis.call('HSET', record, unpack(values))
  redis.call('ZADD', KEYS[2], 0, id)
  if due == '' then
    enqueue(stream, group, id, envelope, 0, queue)
  else
    redis.call('ZADD', KEYS[3], due, id)
    delayed(queue, id, true)
  end
end

local ids = {}
local reply = {'STORED'}
local claimed = {}
local i = 8
for n = 1, count do
  local id, record, stream, due = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  local holderKey, standing, uniqueTtl, fields = ARGV[i + 4], ARGV[i + 5], ARGV[i + 6], tonumber(ARGV[i + 7])
  local holder = nil
  if holderKey ~= '' then
    holder = uniqueHolder(holderKey, standing, records, nil, claimed)
    if not holder then
      redis.call('SET', holderKey, id, 'PX', uniqueTtl)
      claimed[holderKey] = id
    end
  end
  if holder then
    reply[#reply + 1] = tostring(n)
    reply[#reply + 1] = holder
  else
    store(id, record, stream, due, fields, i + 7)
  end
  ids[#ids + 1] = holder or id
  i = i + 8 + fields * 2
end

remember(KEYS[1], fingerprint, ids, keyTtl)
flush()
return reply
