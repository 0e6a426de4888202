-- Cancels a task: a waiting one becomes CANCELLED at once, a running one gets the cancel flag and its worker is
-- signalled; a finished one is left alone.
-- KEYS: record, due set
-- ARGV: task id, channel, cancel channel, waiting states, finished states, sources of CANCELLED, now, ttl ms,
--       error type, error message, key prefix, now ms
-- Reply: {outcome, the record's fields ...} or {'UNKNOWN'}
local record, due = KEYS[1], KEYS[2]
local id, channel, cancels, waiting, terminal, sources, now, ttl = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5],
  ARGV[6], ARGV[7], ARGV[8]
figures(ARGV[11], ARGV[12], '0')
local current = redis.call('HMGET', record, 'state', 'queue')
local state, queue = current[1], current[2]
local outcome
if not state then
  return {'UNKNOWN'}
elseif has(terminal, state) then
  outcome = 'ALREADY_FINISHED'
elseif has(waiting, state) and has(sources, state) then
  change(record, channel, {'state', 'CANCELLED', 'finishedAt', now, 'errorType', ARGV[9], 'errorMessage', ARGV[10]}, {})
  redis.call('PEXPIRE', record, ttl)
  redis.call('ZREM', due, id)
  -- A QUEUED task may be one a limit deferred (defer.lua), counted as delayed meanwhile.
  delayed(queue, id, false)
  if state == 'QUEUED' then
    redis.call('ZREM', ARGV[11] .. 'ready:' .. queue, id)
  end
  finished(queue)
  flush()
  outcome = 'CANCELLED'
else
  change(record, channel, {'cancelRequested', '1'}, {})
  redis.call('PUBLISH', cancels, id)
  outcome = 'SIGNALLED'
end
local reply = redis.call('HGETALL', record)
table.insert(reply, 1, outcome)
return reply
