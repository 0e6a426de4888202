-- The ids of the newest workflows (RedisTaskWorkflows.list). KEYS: the index of workflows. ARGV: the prefix of a
-- workflow's hash, the limit. Ids whose workflow has expired are dropped from the index on the way.
local index, prefix, limit = KEYS[1], ARGV[1], tonumber(ARGV[2])
local found, start, page = {}, 0, 100
while #found < limit do
  local ids = redis.call('ZREVRANGE', index, start, start + page - 1)
  if #ids == 0 then
    break
  end
  local gone = 0
  for _, id in ipairs(ids) do
    if redis.call('EXISTS', prefix .. id) == 1 then
      if #found < limit then
        found[#found + 1] = id
      end
    else
      redis.call('ZREM', index, id)
      gone = gone + 1
    end
  end
  start = start + page - gone
end
return found
