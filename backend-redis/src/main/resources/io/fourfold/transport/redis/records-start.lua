-- Starts (or takes over) an attempt for a transport whose broker is not this store: RUNNING under a new fence, or
-- why not.
-- KEYS: record, hidden record
-- ARGV: worker, executor, now, sources of RUNNING, sources of CANCELLED, finished ttl ms, channel,
--       cancelled error type, cancelled error message, key prefix, now ms
-- Reply: {'RUN', fence, attempt}, {'SKIP', reason}, {'WAIT', limit} or {'HIDDEN'}
local record = KEYS[1]
local worker, executor, now, runSources, cancelSources, ttl, channel = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5],
  ARGV[6], ARGV[7]

figures(ARGV[10], ARGV[11], '1')
local decision = startAttempt(record, channel, worker, executor, now, runSources, cancelSources, ttl, ARGV[8], ARGV[9])
if decision then
  flush()
  return decision
end
if redis.call('EXISTS', KEYS[2]) == 1 then
  return {'HIDDEN'}
end
return {'SKIP', 'unknown task'}
