-- Stores a new workflow (RedisTaskWorkflows.create). KEYS: the workflow's hash, the index of workflows, the set of
-- open ones. ARGV: the definition (JSON), created at (epoch ms), the id. A workflow that exists already is left as it
-- is. Answers 1 when created.
local workflow, index, open = KEYS[1], KEYS[2], KEYS[3]
if redis.call('EXISTS', workflow) == 1 then
  return 0
end
redis.call('HSET', workflow, 'definition', ARGV[1], 'state', 'RUNNING', 'submitted', '0')
redis.call('ZADD', index, ARGV[2], ARGV[3])
redis.call('SADD', open, ARGV[3])
return 1
