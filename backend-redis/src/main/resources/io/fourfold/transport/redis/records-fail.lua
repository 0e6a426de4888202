-- Fails a task that cannot be started at all (unreadable, poison) with the reason, when it may still fail.
-- KEYS: record, dead-letter stream
-- ARGV: task id, sources of FAILED, channel, ttl ms, dead-letter max length, error type, error message, now, key prefix,
--       now ms
local record, dead = KEYS[1], KEYS[2]
local id, sources, channel, ttl, deadMax = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
figures(ARGV[9], ARGV[10], '1')
if not failUnstartable(record, dead, channel, id, sources, ttl, deadMax, ARGV[6], ARGV[7], ARGV[8]) then
  return 0
end
flush()
return 1
