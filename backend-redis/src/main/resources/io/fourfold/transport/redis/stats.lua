-- The figures of every known queue (the known set) and every paused one. Costs a few commands per queue and
-- priority, never one per task. Drops dead-letter entries whose records have expired on the way.
-- KEYS: known queues, paused set
-- ARGV: key prefix, group, now ms, read the work streams ('1', the Redis transport) or take ready and running from
--       what the records writes keep ('0', a foreign broker)
-- Reply: per queue eight strings: name, ready, delayed, running, dead, finished in the last minute, id of the oldest
--        ready entry or its ms followed by '-0' ('' = none), paused ('1'/'0')
local prefix, group, now, streams = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4] == '1'

local names = {}
local function add(list)
  for _, name in ipairs(list) do
    names[name] = true
  end
end
add(redis.call('SMEMBERS', KEYS[1]))
add(redis.call('SMEMBERS', KEYS[2]))
local queues = {}
for name in pairs(names) do
  queues[#queues + 1] = name
end
table.sort(queues)

-- Ready entries are the ones after the group's last delivered id; pending ones are held by consumers. Entries are
-- deleted when acknowledged, so the length is ready plus pending.
local function readStreams(queue)
  local ready, held, oldest = 0, 0, nil
  for priority = 0, 9 do
    local stream = prefix .. 'stream:' .. queue .. ':' .. priority
    if redis.call('EXISTS', stream) == 1 then
      local length = redis.call('XLEN', stream)
      local pending, last = 0, '0-0'
      for _, found in ipairs(redis.call('XINFO', 'GROUPS', stream)) do
        if valueOf(found, 'name') == group then
          pending, last = valueOf(found, 'pending'), valueOf(found, 'last-delivered-id')
        end
      end
      held = held + pending
      if length > pending then
        ready = ready + length - pending
        local next = redis.call('XRANGE', stream, '(' .. last, '+', 'COUNT', 1)[1]
        if next and (not oldest or tonumber(string.match(next[1], '^%d+')) < tonumber(string.match(oldest, '^%d+'))) then
          oldest = next[1]
        end
      end
    end
  end
  return ready, held, oldest
end

local second = math.floor(now / 1000)
local reply = {}
for _, queue in ipairs(queues) do
  local ready, held, oldest = 0, 0, nil
  if streams then
    ready, held, oldest = readStreams(queue)
  else
    local waiting = prefix .. 'ready:' .. queue
    ready = redis.call('ZCARD', waiting)
    held = redis.call('SCARD', prefix .. 'running:' .. queue)
    local first = redis.call('ZRANGE', waiting, 0, 0, 'WITHSCORES')
    if first[2] then
      oldest = first[2] .. '-0'
    end
  end
  local deadLetters = prefix .. 'dead-letters:' .. queue
  redis.call('ZREMRANGEBYSCORE', deadLetters, '-inf', now)
  local buckets = {}
  for back = 0, 59 do
    buckets[#buckets + 1] = prefix .. 'finished:' .. string.format('%d', second - back) .. ':' .. queue
  end
  local finishedLastMinute = 0
  for _, count in ipairs(redis.call('MGET', unpack(buckets))) do
    finishedLastMinute = finishedLastMinute + (tonumber(count) or 0)
  end
  reply[#reply + 1] = queue
  reply[#reply + 1] = tostring(ready)
  reply[#reply + 1] = tostring(redis.call('SCARD', prefix .. 'delayed:' .. queue))
  reply[#reply + 1] = tostring(held)
  reply[#reply + 1] = tostring(redis.call('ZCARD', deadLetters))
  reply[#reply + 1] = tostring(finishedLastMinute)
  reply[#reply + 1] = oldest or ''
  reply[#reply + 1] = tostring(redis.call('SISMEMBER', KEYS[2], queue))
end
return reply
