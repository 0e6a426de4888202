-- Ends a RUNNING workflow (RedisTaskWorkflows.finish) and starts its retention. KEYS: the workflow's hash, the set of
-- open workflows. ARGV: the state, the result (JSON, '' for none), finished at (epoch ms), the retention (ms), the id.
-- Answers 1 when it ended now, 0 when it is unknown or had already ended.
local workflow, open = KEYS[1], KEYS[2]
if redis.call('HGET', workflow, 'state') ~= 'RUNNING' then
  return 0
end
redis.call('HSET', workflow, 'state', ARGV[1], 'finishedAt', ARGV[3])
if ARGV[2] ~= '' then
  redis.call('HSET', workflow, 'result', ARGV[2])
end
redis.call('PEXPIRE', workflow, ARGV[4])
redis.call('SREM', open, ARGV[5])
return 1
