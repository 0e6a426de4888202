-- Hands back a delivery that was never started: a new entry at the end of the same stream, counting this delivery.
-- KEYS: stream
-- ARGV: group, consumer, entry, prior deliveries of the new entry
local stream = KEYS[1]
local group, consumer, entry = ARGV[1], ARGV[2], ARGV[3]
if not owns(stream, group, entry, consumer) then
  return 0
end
local found = redis.call('XRANGE', stream, entry, entry)
ack(stream, group, entry)
if found[1] then
  local values = found[1][2]
  local fields = {}
  for i = 1, #values, 2 do
    fields[values[i]] = values[i + 1]
  end
  enqueue(stream, group, fields['task'], fields['envelope'], ARGV[4])
end
return 1
