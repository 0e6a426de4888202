-- Puts a dead letter back in its queue with a fresh set of attempts (FAILED -> QUEUED), when it is still the version
-- the caller read: keeps the record for good again and drops its dead-letter entries. For the Redis transport it goes
-- into its work stream at once; for a foreign broker it is hidden (as a new submit is) until the broker confirmed
-- the publish and it is revealed, so a worker never finds it FAILED and drops the message.
-- KEYS: record, dead-letter stream, index, hidden record, hidden set
-- ARGV: task id, version read, channel, key prefix, group, run at, into the work stream ('1') or hidden ('0'),
--       sources of QUEUED, now ms
-- Reply: {'RETRIED', the record's fields ...} or {'CHANGED'} when it is no longer that version of a dead letter
local record, dead, index, hidden, hiddenSince = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local id, version, channel, prefix, group, runAt, toStream, sources = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5],
  ARGV[6], ARGV[7], ARGV[8]
local current = redis.call('HMGET', record, 'state', 'version', 'queue', 'stream', 'envelope', 'deadLetter')
if current[1] ~= 'FAILED' or current[2] ~= version or not has(sources, current[1]) then
  return {'CHANGED'}
end
change(record, channel, {'state', 'QUEUED', 'attempt', '0', 'runAt', runAt}, {'finishedAt', 'result', 'deadLetter'},
  version)
redis.call('PERSIST', record)
redis.call('ZREM', prefix .. 'dead-letters:' .. current[3], id)
if current[6] then
  redis.call('XDEL', dead, current[6])
end
if toStream == '1' then
  enqueue(current[4], group, id, current[5], 0, nil)
else
  redis.call('RENAME', record, hidden)
  redis.call('ZREM', index, id)
  redis.call('ZADD', hiddenSince, ARGV[9], id)
  record = hidden
end
local reply = redis.call('HGETALL', record)
table.insert(reply, 1, 'RETRIED')
return reply
