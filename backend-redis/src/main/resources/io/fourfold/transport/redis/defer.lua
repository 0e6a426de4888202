-- Defers a delivery a limit holds back: acknowledges its entry and puts the task in the due set, still QUEUED, so
-- move-due.lua queues it again once due. A new entry starts its count of deliveries afresh: a deferral is not the
-- task's fault.
-- KEYS: stream, due set
-- ARGV: group, consumer, entry, task id, due ms
local stream, due = KEYS[1], KEYS[2]
local group, consumer, entry, id, dueAt = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
if not owns(stream, group, entry, consumer) then
  return 0
end
ack(stream, group, entry)
redis.call('ZADD', due, dueAt, id)
return 1
