-- Ends a delivery that cannot be started: fails its task with the reason (when the task may still fail) and
-- acknowledges the entry.
-- KEYS: record, stream, dead-letter stream
-- ARGV: group, consumer, entry, task id, sources of FAILED, channel, ttl ms, dead-letter max length, error type,
--       error message, now, key prefix, now ms
local record, stream, dead = KEYS[1], KEYS[2], KEYS[3]
local group, consumer, entry, id, sources, channel, ttl, deadMax = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5],
  ARGV[6], ARGV[7], ARGV[8]
figures(ARGV[12], ARGV[13], '0')
if not owns(stream, group, entry, consumer) then
  return 0
end
ack(stream, group, entry)
failUnstartable(record, dead, channel, id, sources, ttl, deadMax, ARGV[9], ARGV[10], ARGV[11])
flush()
return 1
