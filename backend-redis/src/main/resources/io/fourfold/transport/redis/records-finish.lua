-- Ends running attempts, each under its fence, for a transport whose broker is not this store, many in one call:
-- writes each new state, announces it, records a dead letter when the task failed and gives a finished record its
-- retention.
-- KEYS: dead-letter stream, then per attempt: record
-- ARGV: key prefix, now ms, then per attempt: fence, sources of the target state, channel, task id, ttl ms
--       ('' = keep), dead-letter max length ('' = not a dead letter), then the change (see changeArgs)
-- Reply: per attempt '1' when written, '0' when the fence is stale or the task no longer runs
figures(ARGV[1], ARGV[2], '1')
local reply = {}
local a = 3
for k = 2, #KEYS do
  local written = finishAttempt(KEYS[k], KEYS[1], ARGV[a + 2], ARGV[a + 3], ARGV[a], ARGV[a + 1], ARGV[a + 4],
    ARGV[a + 5], a + 6)
  reply[#reply + 1] = written and '1' or '0'
  -- Past this attempt's six fixed arguments and its change: set count, name/value pairs, unset count, names.
  local sets = tonumber(ARGV[a + 6])
  local unsets = tonumber(ARGV[a + 7 + sets * 2])
  a = a + 8 + sets * 2 + unsets
end
flush()
return reply
