-- Ends a running attempt under its fence, for a transport whose broker is not this store: writes the new state,
-- announces it, records a dead letter when the task failed and gives a finished record its retention.
-- KEYS: record, dead-letter stream
-- ARGV: fence, sources of the target state, channel, task id, ttl ms ('' = keep), dead-letter max length
--       ('' = not a dead letter), key prefix, now ms, then the change (see changeArgs)
local record, dead = KEYS[1], KEYS[2]
local fence, sources, channel, id, ttl, deadMax = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]

figures(ARGV[7], ARGV[8], '1')
if not finishAttempt(record, dead, channel, id, fence, sources, ttl, deadMax, 9) then
  return 0
end
flush()
return 1
