-- Defers a delivery a limit holds back: acknowledges its entry and puts the task in the due set, still QUEUED (or
-- RUNNING, for a takeover), so move-due.lua queues it again once due, with the deliveries it had before this one: a
-- deferral is not the task's fault. Meanwhile it counts as delayed in its queue's figures.
-- KEYS: stream, due set, record
-- ARGV: group, consumer, entry, task id, due ms, prior deliveries, key prefix, now ms
local stream, due, record = KEYS[1], KEYS[2], KEYS[3]
local group, consumer, entry, id, dueAt, prior = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
figures(ARGV[7], ARGV[8], '0')
if not owns(stream, group, entry, consumer) then
  return 0
end
ack(stream, group, entry)
redis.call('ZADD', due, dueAt, id)
local queue = redis.call('HGET', record, 'queue')
if queue then
  redis.call('HSET', record, 'deferredPrior', prior)
  delayed(queue, id, true)
end
flush()
return 1
