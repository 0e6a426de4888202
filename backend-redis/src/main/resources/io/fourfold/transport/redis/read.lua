-- Takes up to max deliveries from the streams in the order given: first entries of dead consumers idle past the
-- lease (when asked to look, which also forgets consumers that hold nothing), then new entries. When there are none, answers each stream's last generated id, so
-- the caller can block until an entry newer than that arrives.
-- KEYS: claim cursors, stream, stream, ...
-- ARGV: group, consumer, max, look for takeovers ('1'/'0'), lease ms
-- Reply: {'ENTRIES', stream, entry id, task id, envelope, prior deliveries, deliveries, ...}
--     or {'WAIT', last id of each stream, ...}
local group, consumer, remaining, claim, lease = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4] == '1', ARGV[5]
local reply = {'ENTRIES'}

local function field(values, name)
  for i = 1, #values, 2 do
    if values[i] == name then
      return values[i + 1]
    end
  end
  return ''
end

local function add(stream, entry, deliveries)
  local values = entry[2]
  reply[#reply + 1] = stream
  reply[#reply + 1] = entry[1]
  reply[#reply + 1] = field(values, 'task')
  reply[#reply + 1] = field(values, 'envelope')
  reply[#reply + 1] = field(values, 'prior')
  reply[#reply + 1] = tostring(deliveries)
  remaining = remaining - 1
end

if claim then
  for k = 2, #KEYS do
    if remaining == 0 then
      break
    end
    local stream = KEYS[k]
    if redis.call('EXISTS', stream) == 1 then
      -- Consumers that hold nothing and have not read for a lease are gone: forget them, or the group grows with
      -- every worker restart. A live one that is forgotten is added again by its next read, losing nothing.
      for _, found in ipairs(redis.call('XINFO', 'CONSUMERS', stream, group)) do
        local name = field(found, 'name')
        local pending, idle = tonumber(field(found, 'pending')), tonumber(field(found, 'idle'))
        if pending == 0 and idle and idle > tonumber(lease) and name ~= consumer then
          redis.call('XGROUP', 'DELCONSUMER', stream, group, name)
        end
      end
      local cursor = redis.call('HGET', KEYS[1], stream) or '0-0'
      local claimed = redis.call('XAUTOCLAIM', stream, group, consumer, lease, cursor, 'COUNT', remaining)
      redis.call('HSET', KEYS[1], stream, claimed[1])
      for _, entry in ipairs(claimed[2]) do
        -- Entries deleted meanwhile come back without values (Redis 6.2) and are dropped from the pending list.
        if entry[2] then
          local pending = redis.call('XPENDING', stream, group, entry[1], entry[1], 1)
          add(stream, entry, pending[1][4])
        end
      end
    end
  end
end

for k = 2, #KEYS do
  if remaining == 0 then
    break
  end
  local stream = KEYS[k]
  if redis.call('EXISTS', stream) == 1 then
    local read = redis.call('XREADGROUP', 'GROUP', group, consumer, 'COUNT', remaining, 'STREAMS', stream, '>')
    if read then
      for _, entry in ipairs(read[1][2]) do
        add(stream, entry, 1)
      end
    end
  end
end

if #reply > 1 then
  return reply
end
reply = {'WAIT'}
for k = 2, #KEYS do
  local last = '0-0'
  if redis.call('EXISTS', KEYS[k]) == 1 then
    local info = redis.call('XINFO', 'STREAM', KEYS[k])
    for i = 1, #info, 2 do
      if info[i] == 'last-generated-id' then
        last = info[i + 1]
      end
    end
  end
  reply[#reply + 1] = last
end
return reply
