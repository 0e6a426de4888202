-- Shared by every script: each script is this prelude followed by its own body (see RedisScripts).

-- Is value one of the comma-framed list ",A,B,"? The lists come from the state table in Java. A field or key that is
-- not there reads as false in a script, and is in no list.
local function has(list, value)
  return type(value) == 'string' and string.find(list, ',' .. value .. ',', 1, true) ~= nil
end

-- The figures per queue that TaskQueues reads (RedisTaskQueues; key layout in the README), kept by the scripts that
-- move tasks. Which tasks are delayed (and, for a foreign broker, ready or running) are sets of ids per queue, so
-- adding or removing one twice changes nothing and the figures cannot drift; finishes are counted while a script
-- runs and written once per queue by flush(), so a batch of many outcomes costs one command per queue. A script that
-- moves tasks calls figures(..) first and flush() last.
local fig = {prefix = nil, now = 0, foreign = false, finished = {}, known = {}}

-- prefix: the key prefix; now: epoch ms; foreign: '1' when the records are what tells which tasks are ready and
-- running (a foreign broker: QUEUED ones are kept in a sorted set per queue, RUNNING ones in a set), '0' when the
-- work streams tell (the Redis transport).
local function figures(prefix, now, foreign)
  fig.prefix, fig.now, fig.foreign = prefix, tonumber(now), foreign == '1'
end

-- A task of queue reached a terminal state.
local function finished(queue)
  if queue then
    fig.finished[queue] = (fig.finished[queue] or 0) + 1
  end
end

-- A queue that has held tasks, listed by the figures from now on.
local function known(queue)
  if queue then
    fig.known[queue] = true
  end
end

-- Adds a task to (isIn) or removes it from one of its queue's sets of ids.
local function member(set, queue, id, isIn)
  if not queue then
    return
  end
  if isIn then
    redis.call('SADD', fig.prefix .. set .. ':' .. queue, id)
  else
    redis.call('SREM', fig.prefix .. set .. ':' .. queue, id)
  end
end

-- A task of queue entered or left SCHEDULED or RETRYING.
local function delayed(queue, id, isIn)
  member('delayed', queue, id, isIn)
  if isIn then
    known(queue)
  end
end

-- A task of queue entered or left RUNNING; kept only for a foreign broker.
local function running(queue, id, isIn)
  if fig.foreign then
    member('running', queue, id, isIn)
  end
end

-- A task of queue became QUEUED (ready) or stopped being QUEUED; kept only for a foreign broker, by when it became
-- ready.
local function ready(queue, id, isReady)
  if fig.foreign and queue then
    if isReady then
      redis.call('ZADD', fig.prefix .. 'ready:' .. queue, fig.now, id)
    else
      redis.call('ZREM', fig.prefix .. 'ready:' .. queue, id)
    end
  end
end

local function isDelayed(state)
  return state == 'SCHEDULED' or state == 'RETRYING'
end

-- Writes what the script counted: finishes into per-second buckets that expire after two minutes, new queue names
-- into the set of known queues.
local function flush()
  local second = string.format('%d', math.floor(fig.now / 1000))
  for queue, count in pairs(fig.finished) do
    local bucket = fig.prefix .. 'finished:' .. second .. ':' .. queue
    if redis.call('INCRBY', bucket, count) == count then
      redis.call('EXPIRE', bucket, 120)
    end
  end
  local names = {}
  for queue in pairs(fig.known) do
    names[#names + 1] = queue
  end
  if #names > 0 then
    redis.call('SADD', fig.prefix .. 'queues', unpack(names))
  end
end

-- The value of a field in a flat name, value, ... list, or nil.
local function valueOf(list, name)
  for i = 1, #list - 1, 2 do
    if list[i] == name then
      return list[i + 1]
    end
  end
  return nil
end

-- Records a dead letter: an entry in the dead-letter stream (capped at about deadMax) and the task in its queue's
-- dead-letter set, scored by when its record expires (ttl ms from now). Answers the stream entry's id.
local function recordDeadLetter(dead, deadMax, id, queue, type, errorType, errorMessage, ttl)
  local entry = redis.call('XADD', dead, 'MAXLEN', '~', deadMax, '*', 'task', id, 'queue', queue, 'type', type,
    'errorType', errorType, 'errorMessage', errorMessage)
  redis.call('ZADD', fig.prefix .. 'dead-letters:' .. queue, fig.now + tonumber(ttl), id)
  finished(queue)
  return entry
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
-- A new stream makes its queue known (when the queue is given).
local function enqueue(stream, group, id, envelope, prior, queue)
  if redis.call('EXISTS', stream) == 0 then
    redis.call('XGROUP', 'CREATE', stream, group, '0', 'MKSTREAM')
    known(queue)
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

-- Who stands for a new task with a unique key (Uniqueness in Java), read only: the id of the task under way that does,
-- false while that task's submit is not confirmed (its record still hidden; looked for only when a hidden key prefix
-- is given), or nil when the new task may be made, and then hold the key (the caller sets it). standing lists the
-- states in which the holder stands for a new task (Uniqueness.Mode.standsFor); claimed: holder key to the id of a
-- task this script makes, which stands for a later task of the same submit whatever the mode.
local function uniqueHolder(holderKey, standing, records, hidden, claimed)
  if claimed[holderKey] then
    return claimed[holderKey]
  end
  local holder = redis.call('GET', holderKey)
  if not holder then
    return nil
  end
  if hidden and redis.call('EXISTS', hidden .. holder) == 1 then
    return false
  end
  if has(standing, redis.call('HGET', records .. holder, 'state')) then
    return holder
  end
  return nil
end

-- How many tasks hold a slot of a concurrency gate (a set of their ids), and whether id is one of them. The gate is
-- cleaned of tasks that no longer run first, so a slot comes back whichever way its task ended, without a write on
-- that path.
local function gateHolders(gate, id, records)
  local count, holds = 0, false
  for _, holder in ipairs(redis.call('SMEMBERS', gate)) do
    if redis.call('HGET', records .. holder, 'state') == 'RUNNING' then
      count = count + 1
      holds = holds or holder == id
    else
      redis.call('SREM', gate, holder)
    end
  end
  return count, holds
end

-- Is the gate full for id (which does not hold a slot of it yet)?
local function gateFull(gate, limit, id, records)
  local count, holds = gateHolders(gate, id, records)
  return not holds and count >= limit
end

-- Takes the limit slots a task needs to start, or names the limit that holds it back: 'unique' while another task with
-- its unique key runs, 'concurrency' while its type runs as many tasks as the type's limit (P limits) allows.
local function admit(record, id, taskType, unique, ttl)
  local records = string.sub(record, 1, #record - #id)
  local uniqueGate = unique and (fig.prefix .. 'gate:unique:' .. unique)
  if uniqueGate and gateFull(uniqueGate, 1, id, records) then
    return 'unique'
  end
  local limits = redis.call('HGET', fig.prefix .. 'limits', taskType)
  local concurrency = limits and cjson.decode(limits).concurrency
  local typeGate = fig.prefix .. 'gate:type:' .. taskType
  if type(concurrency) == 'number' and gateFull(typeGate, concurrency, id, records) then
    return 'concurrency'
  end
  if uniqueGate then
    redis.call('SADD', uniqueGate, id)
    redis.call('PEXPIRE', uniqueGate, ttl)
  end
  if type(concurrency) == 'number' then
    redis.call('SADD', typeGate, id)
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
-- Reply: {'RUN', fence, attempt}, {'SKIP', reason}, {'WAIT', limit} when a limit holds it back (see admit; nothing is
-- written), or nil when there is no such record.
local function startAttempt(record, channel, worker, executor, now, runSources, cancelSources, ttl, cancelledType,
                            cancelledMessage)
  local current = redis.call('HMGET', record, 'state', 'cancelRequested', 'fence', 'attempt', 'version', 'queue',
    'type', 'unique')
  local state, queue = current[1], current[6]
  if not state then
    return nil
  end
  -- The id is the last part of the record's key.
  local id = string.match(record, '[^:]+$')
  if state == 'RUNNING' and current[2] == '1' and has(cancelSources, state) then
    change(record, channel, {'state', 'CANCELLED', 'finishedAt', now, 'errorType', cancelledType,
      'errorMessage', cancelledMessage}, {}, current[5])
    redis.call('PEXPIRE', record, ttl)
    running(queue, id, false)
    finished(queue)
    return {'SKIP', 'cancelled while running'}
  end
  if not has(runSources, state) then
    return {'SKIP', 'task is ' .. state}
  end
  -- A takeover keeps the limit slots the lost worker took.
  if state ~= 'RUNNING' then
    local limit = admit(record, id, current[7], current[8] or nil, ttl)
    if limit then
      return {'WAIT', limit}
    end
  end
  local attempt = tonumber(current[4])
  -- A takeover continues the attempt the lost worker began; anything else begins the next one.
  if state == 'RUNNING' then
    attempt = math.max(attempt, 1)
  else
    attempt = attempt + 1
    running(queue, id, true)
  end
  if state == 'QUEUED' then
    ready(queue, id, false)
  elseif isDelayed(state) then
    delayed(queue, id, false)
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
  local current = redis.call('HMGET', record, 'state', 'fence', 'version', 'queue', 'type')
  if current[1] ~= 'RUNNING' or current[2] ~= fence or not has(sources, current[1]) then
    return false
  end
  local queue = current[4]
  local sets, unsets = changeArgs(i)
  local target = valueOf(sets, 'state')
  running(queue, id, false)
  if isDelayed(target) then
    delayed(queue, id, true)
  elseif target == 'QUEUED' then
    ready(queue, id, true)
  end
  if deadMax ~= '' then
    local entry = recordDeadLetter(dead, deadMax, id, queue, current[5], valueOf(sets, 'errorType') or '',
      valueOf(sets, 'errorMessage') or '', ttl)
    sets[#sets + 1] = 'deadLetter'
    sets[#sets + 1] = entry
  elseif ttl ~= '' then
    finished(queue)
  end
  change(record, channel, sets, unsets, current[3])
  if ttl ~= '' then
    redis.call('PEXPIRE', record, ttl)
  end
  return true
end

-- Fails a task that cannot be started at all (unreadable, poison) with the reason, when it may still fail (sources
-- from TaskState.sourcesOf): records the dead letter and gives the record ttl ms. False when it may not.
local function failUnstartable(record, dead, channel, id, sources, ttl, deadMax, errorType, errorMessage, now)
  local current = redis.call('HMGET', record, 'state', 'queue', 'type')
  local state, queue = current[1], current[2]
  if not has(sources, state) then
    return false
  end
  if state == 'RUNNING' then
    running(queue, id, false)
  elseif isDelayed(state) then
    delayed(queue, id, false)
  elseif state == 'QUEUED' then
    ready(queue, id, false)
  end
  local entry = recordDeadLetter(dead, deadMax, id, queue, current[3], errorType, errorMessage, ttl)
  change(record, channel, {'state', 'FAILED', 'errorType', errorType, 'errorMessage', errorMessage, 'finishedAt', now,
    'deadLetter', entry}, {})
  redis.call('PEXPIRE', record, ttl)
  return true
end
