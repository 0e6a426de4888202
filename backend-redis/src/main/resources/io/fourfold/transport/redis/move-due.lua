-- Moves due delayed and retrying tasks into their work streams (and their records to QUEUED), and deferred ones (still
-- QUEUED, or RUNNING for a takeover, see defer.lua) back into theirs with the deliveries they had. Atomic, so two
-- processes moving at once never queue a task twice; a task cancelled meanwhile is just dropped from the set.
-- KEYS: due set
-- ARGV: group, now ms, batch size, states that may be queued from here, record key prefix, channel prefix, key prefix
local group, now, batch, sources, records, channels = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
figures(ARGV[7], now, '0')
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, batch)
for _, id in ipairs(ids) do
  local record = records .. id
  local current = redis.call('HMGET', record, 'state', 'stream', 'envelope', 'queue')
  if has(sources, current[1]) then
    change(record, channels .. id, {'state', 'QUEUED'}, {})
    enqueue(current[2], group, id, current[3], 0, current[4])
  elseif current[1] == 'QUEUED' or current[1] == 'RUNNING' then
    local prior = redis.call('HGET', record, 'deferredPrior') or '0'
    redis.call('HDEL', record, 'deferredPrior')
    enqueue(current[2], group, id, current[3], prior, current[4])
  end
  -- Delayed, retrying or deferred: no longer (a set, so removing one that is not there changes nothing).
  delayed(current[4] or nil, id, false)
  redis.call('ZREM', KEYS[1], id)
end
flush()
return #ids
