-- Creates or replaces a schedule (RedisTaskSchedules.put). KEYS: the schedule's hash, the set of names.
-- ARGV: the definition (JSON), its timing (cron, interval and zone in one string), now (epoch ms), the name.
-- A replacement keeps the paused flag, and the cursor when the timing is unchanged. Answers 1 when created.
local schedule, names = KEYS[1], KEYS[2]
local definition, timing, now = ARGV[1], ARGV[2], ARGV[3]
local current = redis.call('HGET', schedule, 'timing')
if current == false then
  redis.call('HSET', schedule, 'definition', definition, 'timing', timing, 'paused', '0', 'cursor', now)
  redis.call('SADD', names, ARGV[4])
  return 1
end
redis.call('HSET', schedule, 'definition', definition, 'timing', timing)
if current ~= timing then
  redis.call('HSET', schedule, 'cursor', now)
end
return 0
