-- Stores the records of one submit and enqueues (or schedules) them, or answers what an earlier submit under the
-- same idempotency key made. Nothing is written when the answer is a conflict.
-- KEYS: idempotency key, index, due set
-- ARGV: group, fingerprint ('' = no key), key ttl ms, record key prefix, task count, key prefix, now ms, then per task:
--       id, record key, stream, due ms ('' = ready now), field count, name, value, ...
local group, fingerprint, keyTtl, records, count = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])

figures(ARGV[6], ARGV[7], '0')

local earlier = replay(KEYS[1], fingerprint, records, nil)
if earlier then
  return earlier
end

local ids = {}
local i = 8
for _ = 1, count do
  local id, record, stream, due, fields = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], tonumber(ARGV[i + 4])
  local values = {}
  local envelope, queue
  for j = 1, fields * 2, 2 do
    values[j] = ARGV[i + 4 + j]
    values[j + 1] = ARGV[i + 5 + j]
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
  ids[#ids + 1] = id
  i = i + 5 + fields * 2
end

remember(KEYS[1], fingerprint, ids, keyTtl)
flush()
return {'STORED'}
