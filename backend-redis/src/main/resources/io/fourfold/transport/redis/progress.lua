-- Records progress of running attempts, many in one call, each under its fence.
-- KEYS: per attempt: record
-- ARGV: per attempt: fence, channel, progress, message
-- Reply: per attempt '1' when written, '0' when the fence is stale or the task no longer runs
local reply = {}
for k = 1, #KEYS do
  local a = (k - 1) * 4
  local current = redis.call('HMGET', KEYS[k], 'state', 'fence')
  if current[1] ~= 'RUNNING' or current[2] ~= ARGV[a + 1] then
    reply[k] = '0'
  else
    change(KEYS[k], ARGV[a + 2], {'progress', ARGV[a + 3], 'progressMessage', ARGV[a + 4]}, {})
    reply[k] = '1'
  end
end
return reply
