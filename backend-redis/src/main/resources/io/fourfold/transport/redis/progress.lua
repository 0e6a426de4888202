-- Records progress of a running attempt, under its fence.
-- KEYS: record
-- ARGV: fence, channel, progress, message
local current = redis.call('HMGET', KEYS[1], 'state', 'fence')
if current[1] ~= 'RUNNING' or current[2] ~= ARGV[1] then
  return 0
end
change(KEYS[1], ARGV[2], {'progress', ARGV[3], 'progressMessage', ARGV[4]}, {})
return 1
