-- Removes hidden records after a failed publish, and the idempotency key when it still points at exactly them, so
-- a retry with the same key makes the tasks afresh.
-- KEYS: idempotency key, hidden set
-- ARGV: hidden key prefix, the ids joined by commas, id, ...
local hidden, joined = ARGV[1], ARGV[2]
for i = 3, #ARGV do
  redis.call('DEL', hidden .. ARGV[i])
  redis.call('ZREM', KEYS[2], ARGV[i])
end
if redis.call('HGET', KEYS[1], 'tasks') == joined then
  redis.call('DEL', KEYS[1])
end
return 1
