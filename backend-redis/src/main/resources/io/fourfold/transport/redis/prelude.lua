-- Shared by every script: each script is this prelude followed by its own body (see RedisScripts).

-- Is value one of the comma-framed list ",A,B,"? The lists come from the state table in Java.
local function has(list, value)
  return value ~= nil and string.find(list, ',' .. value .. ',', 1, true) ~= nil
end

-- Publishes a record's new state on its channel: the whole hash as a JSON object of strings (cjson only ever
-- encodes plain strings here, so payloads and results pass through untouched). Skipped when nobody listens.
local function announce(record, channel)
  if redis.call('PUBSUB', 'NUMSUB', channel)[2] == 0 then
    return
  end
  local flat = redis.call('HGETALL', record)
  local fields = {}
  for i = 1, #flat, 2 do
    fields[flat[i]] = flat[i + 1]
  end
  redis.call('PUBLISH', channel, cjson.encode(fields))
end

-- Writes a change to a record: sets and deletes fields, bumps the version and announces it. A caller that has
-- read the version passes it, so the bump rides along with the other fields instead of costing a command.
local function change(record, channel, sets, unsets, version)
  if version then
    sets[#sets + 1] = 'version'
    sets[#sets + 1] = tostring((tonumber(version) or 0) + 1)
  else
    redis.call('HINCRBY', record, 'version', 1)
  end
  if #sets > 0 then
    redis.call('HSET', record, unpack(sets))
  end
  if #unsets > 0 then
    redis.call('HDEL', record, unpack(unsets))
  end
  announce(record, channel)
end

-- Reads "count, name, value, ..., count, name, ..." from ARGV at i: fields to set, then fields to delete.
local function changeArgs(i)
  local sets = {}
  local count = tonumber(ARGV[i])
  for j = 1, count * 2 do
    sets[j] = ARGV[i + j]
  end
  i = i + count * 2 + 1
  local unsets = {}
  count = tonumber(ARGV[i])
  for j = 1, count do
    unsets[j] = ARGV[i + j]
  end
  return sets, unsets
end

-- Is the stream entry still pending to this consumer? A consumer that lost it to a takeover must not touch it.
local function owns(stream, group, entry, consumer)
  local pending = redis.call('XPENDING', stream, group, entry, entry, 1)
  return pending[1] ~= nil and pending[1][2] == consumer
end

-- Acknowledges an entry and deletes it, so streams stay short without trimming entries still pending.
local function ack(stream, group, entry)
  redis.call('XACK', stream, group, entry)
  redis.call('XDEL', stream, entry)
end

-- Adds a task's envelope to its work stream, creating the stream and its consumer group on first use.
local function enqueue(stream, group, id, envelope, prior)
  if redis.call('EXISTS', stream) == 0 then
    redis.call('XGROUP', 'CREATE', stream, group, '0', 'MKSTREAM')
  end
  redis.call('XADD', stream, '*', 'task', id, 'envelope', envelope, 'prior', prior)
end


-- What an earlier submit under the same idempotency key answers, or nil when the key is free or its records expired
-- (or were dropped), so it is used afresh: {'CONFLICT'} when the request differs, {'UNDERWAY'} when one of its records
-- is still hidden (looked for only when a hidden key prefix is given), else {'REPLAYED', id, ...}.
local function replay(key, fingerprint, records, hidden)
  if fingerprint == '' then
    return nil
  end
  local earlier = redis.call('HMGET', key, 'fingerprint', 'tasks')
  if not earlier[1] then
    return nil
  end
  if earlier[1] ~= fingerprint then
    return {'CONFLICT'}
  end
  local reply = {'REPLAYED'}
  local complete = true
  for id in string.gmatch(earlier[2], '[^,]+') do
    if hidden and redis.call('EXISTS', hidden .. id) == 1 then
      return {'UNDERWAY'}
    end
    reply[#reply + 1] = id
    complete = complete and redis.call('EXISTS', records .. id) == 1
  end
  if complete then
    return reply
  end
  return nil
end

-- Keeps the tasks a submit made under its idempotency key, for the key's ttl ms.
local function remember(key, fingerprint, ids, ttl)
  if fingerprint ~= '' then
    redis.call('HSET', key, 'fingerprint', fingerprint, 'tasks', table.concat(ids, ','))
    redis.call('PEXPIRE', key, ttl)
  end
end

-- Starts (or takes over) an attempt: RUNNING under a new fence, or CANCELLED when a cancel was requested while it ran.
-- The states it may come from are lists from TaskState.sourcesOf; a cancelled record keeps ttl ms.
-- Reply: {'RUN', fence, attempt}, {'SKIP', reason}, or nil when there is no such record.
local function startAttempt(record, channel, worker, executor, now, runSources, cancelSources, ttl, cancelledType,
                            cancelledMessage)
  local current = redis.call('HMGET', record, 'state', 'cancelRequested', 'fence', 'attempt', 'version')
  local state = current[1]
  if not state then
    return nil
  end
  if state == 'RUNNING' and current[2] == '1' and has(cancelSources, state) then
    change(record, channel, {'state', 'CANCELLED', 'finishedAt', now, 'errorType', cancelledType,
      'errorMessage', cancelledMessage}, {}, current[5])
    redis.call('PEXPIRE', record, ttl)
    return {'SKIP', 'cancelled while running'}
  end
  if not has(runSources, state) then
    return {'SKIP', 'task is ' .. state}
  end
  local attempt = tonumber(current[4])
  -- A takeover continues the attempt the lost worker began; anything else begins the next one.
  if state == 'RUNNING' then
    attempt = math.max(attempt, 1)
  else
    attempt = attempt + 1
  end
  local fence = tonumber(current[3]) + 1
  change(record, channel, {'state', 'RUNNING', 'attempt', attempt, 'fence', fence, 'startedAt', now,
    'worker', worker, 'executor', executor, 'progress', '0.0'}, {'progressMessage'}, current[5])
  return {'RUN', tostring(fence), tostring(attempt)}
end

-- Ends a running attempt under its fence, with the change read from ARGV at i (see changeArgs): writes and announces
-- it, records a dead letter when a dead-letter max length is given, and gives the record ttl ms when one is given.
-- sources lists the states the target state may come from (TaskState.sourcesOf). False when the fence was stale.
local function finishAttempt(record, dead, channel, id, fence, sources, ttl, deadMax, i)
  local current = redis.call('HMGET', record, 'state', 'fence', 'version')
  if current[1] ~= 'RUNNING' or current[2] ~= fence or not has(sources, current[1]) then
    return false
  end
  local sets, unsets = changeArgs(i)
  change(record, channel, sets, unsets, current[3])
  if deadMax ~= '' then
    local failed = redis.call('HMGET', record, 'queue', 'type', 'errorType', 'errorMessage')
    redis.call('XADD', dead, 'MAXLEN', '~', deadMax, '*', 'task', id, 'queue', failed[1], 'type', failed[2],
      'errorType', failed[3], 'errorMessage', failed[4])
  end
  if ttl ~= '' then
    redis.call('PEXPIRE', record, ttl)
  end
  return true
end

-- Fails a task that cannot be started at all (unreadable, poison) with the reason, when it may still fail (sources
-- from TaskState.sourcesOf): records the dead letter and gives the record ttl ms. False when it may not.
local function failUnstartable(record, dead, channel, id, sources, ttl, deadMax, errorType, errorMessage, now)
  local current = redis.call('HMGET', record, 'state', 'queue', 'type')
  if not has(sources, current[1]) then
    return false
  end
  change(record, channel, {'state', 'FAILED', 'errorType', errorType, 'errorMessage', errorMessage, 'finishedAt', now},
    {})
  redis.call('XADD', dead, 'MAXLEN', '~', deadMax, '*', 'task', id, 'queue', current[2], 'type', current[3],
    'errorType', errorType, 'errorMessage', errorMessage)
  redis.call('PEXPIRE', record, ttl)
  return true
end
