-- Starts (or takes over) attempts, one per delivery: RUNNING under a new fence, or a skip that acknowledges the
-- entry. Many deliveries go in one call, so a worker starts a whole received batch in one round trip.
-- KEYS: per delivery: record, stream
-- ARGV: group, now, sources of RUNNING, sources of CANCELLED, finished ttl ms, cancelled error type, cancelled error
--       message, key prefix, now ms, then per delivery: consumer, entry, worker, executor, channel
-- Reply: per delivery three strings: 'RUN', fence, attempt or 'SKIP', reason, '' or 'WAIT', limit, '' (the entry stays
--        pending until the worker defers it, see defer.lua)
local group, now, runSources, cancelSources, ttl = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local cancelledType, cancelledMessage = ARGV[6], ARGV[7]
figures(ARGV[8], ARGV[9], '0')

local function start(record, stream, consumer, entry, worker, executor, channel)
  if not owns(stream, group, entry, consumer) then
    return {'SKIP', 'the delivery was taken over by another consumer'}
  end
  local decision = startAttempt(record, channel, worker, executor, now, runSources, cancelSources, ttl, cancelledType,
    cancelledMessage) or {'SKIP', 'unknown task'}
  if decision[1] == 'SKIP' then
    -- Acknowledged only after the record is written: the entry never goes before the outcome is stored.
    ack(stream, group, entry)
  end
  return decision
end

local reply = {}
for k = 1, #KEYS, 2 do
  local a = 10 + (k - 1) / 2 * 5
  local decision = start(KEYS[k], KEYS[k + 1], ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4])
  reply[#reply + 1] = decision[1]
  reply[#reply + 1] = decision[2]
  reply[#reply + 1] = decision[3] or ''
end
flush()
return reply
