-- Makes a dead letter of a hidden retry again after its broker did not take the publish: the record as it was
-- before the retry, kept ttl ms from now and counted as a dead letter again. Its entry in the dead-letter stream
-- stays gone.
-- KEYS: record, hidden record, hidden set, index
-- ARGV: task id, key prefix, queue, ttl ms, now ms, field count, name, value, ...
local record, hidden, hiddenSince, index = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local id, prefix, queue, ttl, now, count = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5]), tonumber(ARGV[6])
local values = {}
for j = 1, count * 2 do
  values[j] = ARGV[6 + j]
end
redis.call('DEL', hidden, record)
redis.call('HSET', record, unpack(values))
redis.call('PEXPIRE', record, ttl)
redis.call('ZREM', hiddenSince, id)
redis.call('ZADD', index, 0, id)
redis.call('ZADD', prefix .. 'dead-letters:' .. queue, now + tonumber(ttl), id)
return 1
