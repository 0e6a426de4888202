-- Drops a dead letter: its record, its index entry and its dead-letter entries; anything else is left alone.
-- KEYS: record, index, dead-letter stream
-- ARGV: task id, key prefix
-- Reply: {'DELETED' or 'NOT_DEAD', the record's fields (as last stored) ...} or {'UNKNOWN'}
local record, index, dead = KEYS[1], KEYS[2], KEYS[3]
local id, prefix = ARGV[1], ARGV[2]
local reply = redis.call('HGETALL', record)
local state = valueOf(reply, 'state')
if not state then
  return {'UNKNOWN'}
end
if state ~= 'FAILED' then
  table.insert(reply, 1, 'NOT_DEAD')
  return reply
end
redis.call('DEL', record)
redis.call('ZREM', index, id)
redis.call('ZREM', prefix .. 'dead-letters:' .. valueOf(reply, 'queue'), id)
local entry = valueOf(reply, 'deadLetter')
if entry then
  redis.call('XDEL', dead, entry)
end
table.insert(reply, 1, 'DELETED')
return reply
