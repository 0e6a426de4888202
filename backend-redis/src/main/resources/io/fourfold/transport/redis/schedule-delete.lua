-- Deletes a schedule (RedisTaskSchedules.delete). KEYS: the schedule's hash, the set of names. ARGV: the name.
-- Its claims run out by themselves. Answers 1 when there was one.
redis.call('SREM', KEYS[2], ARGV[1])
return redis.call('DEL', KEYS[1])
