-- Starts (or takes over) attempts for a transport whose broker is not this store, many in one call: each RUNNING
-- under a new fence, or why not.
-- KEYS: per attempt: record, hidden record
-- ARGV: now, sources of RUNNING, sources of CANCELLED, finished ttl ms, cancelled error type, cancelled error message,
--       key prefix, now ms, then per attempt: worker, executor, channel
-- Reply: per attempt three strings: 'RUN', fence, attempt; 'SKIP', reason, ''; 'WAIT', limit, '' (see startAttempt);
--        or 'HIDDEN', '', '' while its submit is not confirmed
local now, runSources, cancelSources, ttl = ARGV[1], ARGV[2], ARGV[3], ARGV[4]

figures(ARGV[7], ARGV[8], '1')
local reply = {}
for k = 1, #KEYS, 2 do
  local a = 8 + (k - 1) / 2 * 3
  local decision = startAttempt(KEYS[k], ARGV[a + 3], ARGV[a + 1], ARGV[a + 2], now, runSources, cancelSources, ttl,
    ARGV[5], ARGV[6])
  if not decision then
    decision = redis.call('EXISTS', KEYS[k + 1]) == 1 and {'HIDDEN'} or {'SKIP', 'unknown task'}
  end
  reply[#reply + 1] = decision[1]
  reply[#reply + 1] = decision[2] or ''
  reply[#reply + 1] = decision[3] or ''
end
flush()
return reply
