-- Ends a running attempt under its fence, for a transport whose broker is not this store: writes the new state,
-- announces it, records a dead letter when the task failed and gives a finished record its retention.
-- KEYS: record, dead-letter stream
-- ARGV: fence, sources of the target state, channel, task id, ttl ms ('' = keep), dead-letter max length
--       ('' = not a dead letter), then the change (see changeArgs)
local record, dead = KEYS[1], KEYS[2]
local fence, sources, channel, id, ttl, deadMax = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]

if not finishAttempt(record, dead, channel, id, fence, sources, ttl, deadMax, 7) then
  return 0
end
return 1
