-- Records how many tasks of a RUNNING workflow were submitted (RedisTaskWorkflows.markSubmitted); the count only
-- grows. KEYS: the workflow's hash. ARGV: the count. Answers 1 when the workflow is RUNNING, 0 otherwise.
if redis.call('HGET', KEYS[1], 'state') ~= 'RUNNING' then
  return 0
end
if tonumber(redis.call('HGET', KEYS[1], 'submitted')) < tonumber(ARGV[1]) then
  redis.call('HSET', KEYS[1], 'submitted', ARGV[1])
end
return 1
