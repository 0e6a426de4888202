-- Pauses or resumes a schedule (RedisTaskSchedules). KEYS: the schedule's hash. ARGV: 'pause' or 'resume', now
-- (epoch ms). Resuming a paused schedule moves its cursor to now. Answers 0 when there is no such schedule.
local schedule = KEYS[1]
local paused = redis.call('HGET', schedule, 'paused')
if paused == false then
  return 0
end
if ARGV[1] == 'pause' then
  redis.call('HSET', schedule, 'paused', '1')
elseif paused == '1' then
  redis.call('HSET', schedule, 'paused', '0', 'cursor', ARGV[2])
end
return 1
