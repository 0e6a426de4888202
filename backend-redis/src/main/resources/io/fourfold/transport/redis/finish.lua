-- Ends running attempts, each under its fence: writes the new state, announces it and records the dead letter (see
-- finishAttempt), then acknowledges and deletes the entry and schedules the retry or puts the task back in its
-- stream, as asked. Many attempts go in one call, so a worker stores the outcomes that came in together in one round
-- trip.
-- KEYS: per attempt: record, stream, due set, dead-letter stream
-- ARGV: group, key prefix, now ms, then per attempt: entry, fence, sources of the target state, channel, task id, ttl ms ('' = keep),
--       due ms ('' = none), requeue with prior deliveries ('' = no), dead-letter max length ('' = not a dead
--       letter), then the change (see changeArgs)
-- Reply: per attempt '1' when written, '0' when the fence was stale
local group = ARGV[1]
figures(ARGV[2], ARGV[3], '0')
-- Entries to acknowledge and delete, per stream: one XACK and one XDEL per stream for the whole batch.
local done = {}

local function finish(record, stream, due, dead, a)
  local entry, fence, sources, channel, id = ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4]
  local ttl, dueAt, requeue, deadMax = ARGV[a + 5], ARGV[a + 6], ARGV[a + 7], ARGV[a + 8]
  if not finishAttempt(record, dead, channel, id, fence, sources, ttl, deadMax, a + 9) then
    return '0'
  end
  if requeue ~= '' then
    -- Acknowledged before the task goes back into the same stream, as a new entry.
    ack(stream, group, entry)
  else
    done[stream] = done[stream] or {}
    table.insert(done[stream], entry)
  end
  if dueAt ~= '' then
    redis.call('ZADD', due, dueAt, id)
  end
  if requeue ~= '' then
    enqueue(stream, group, id, redis.call('HGET', record, 'envelope'), requeue)
  end
  return '1'
end

local reply = {}
local a = 4
for k = 1, #KEYS, 4 do
  reply[#reply + 1] = finish(KEYS[k], KEYS[k + 1], KEYS[k + 2], KEYS[k + 3], a)
  -- Past this attempt's nine fixed arguments and its change: set count, name/value pairs, unset count, names.
  local sets = tonumber(ARGV[a + 9])
  local unsets = tonumber(ARGV[a + 10 + sets * 2])
  a = a + 11 + sets * 2 + unsets
end
for stream, entries in pairs(done) do
  redis.call('XACK', stream, group, unpack(entries))
  redis.call('XDEL', stream, unpack(entries))
end
flush()
return reply
