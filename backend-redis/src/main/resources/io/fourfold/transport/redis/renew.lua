-- Keeps running deliveries' leases, many in one call: each only while its consumer still owns the entry and the
-- fence is current, and then by resetting the entry's idle time (a plain XCLAIM would steal it back from a new owner).
-- KEYS: per lease: stream, record
-- ARGV: group, then per lease: consumer, entry, fence
-- Reply: per lease '1' when renewed, '0' when it was lost
local group = ARGV[1]

local function renew(stream, record, consumer, entry, fence)
  if not owns(stream, group, entry, consumer) then
    return '0'
  end
  local current = redis.call('HMGET', record, 'state', 'fence')
  if current[1] ~= 'RUNNING' or current[2] ~= fence then
    return '0'
  end
  redis.call('XCLAIM', stream, group, consumer, 0, entry, 'JUSTID')
  return '1'
end

local reply = {}
for k = 1, #KEYS, 2 do
  local a = 2 + (k - 1) / 2 * 3
  reply[#reply + 1] = renew(KEYS[k], KEYS[k + 1], ARGV[a], ARGV[a + 1], ARGV[a + 2])
end
return reply
