-- Claims one due time of a schedule (RedisTaskSchedules.claim). KEYS: the claim. ARGV: the holder, the hold (ms).
-- Free, or already this holder's: taken (again) for the hold, answers 1. Another holder's: answers 0.
local holder = redis.call('GET', KEYS[1])
if holder ~= false and holder ~= ARGV[1] then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
