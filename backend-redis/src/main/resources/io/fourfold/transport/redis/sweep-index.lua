-- Drops from the index a batch of ids whose records have expired, going on from where the last sweep stopped.
-- KEYS: index, sweep cursor
-- ARGV: record key prefix, batch size
-- Reply: 1 when the sweep reached the newest id (and starts over next time), else 0
local from = redis.call('GET', KEYS[2])
if from then
  from = '(' .. from
else
  from = '-'
end
local ids = redis.call('ZRANGEBYLEX', KEYS[1], from, '+', 'LIMIT', 0, ARGV[2])
for _, id in ipairs(ids) do
  if redis.call('EXISTS', ARGV[1] .. id) == 0 then
    redis.call('ZREM', KEYS[1], id)
  end
end
if #ids < tonumber(ARGV[2]) then
  redis.call('DEL', KEYS[2])
  return 1
end
redis.call('SET', KEYS[2], ids[#ids])
return 0
