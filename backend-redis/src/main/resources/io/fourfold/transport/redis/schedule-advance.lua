-- Moves a schedule's cursor by compare-and-set (RedisTaskSchedules.advance). KEYS: the schedule's hash.
-- ARGV: the expected cursor, the next one (epoch ms). Answers 1 when it moved.
if redis.call('HGET', KEYS[1], 'cursor') ~= ARGV[1] then
  return 0
end
redis.call('HSET', KEYS[1], 'cursor', ARGV[2])
return 1
