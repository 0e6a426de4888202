-- Registers or refreshes a live worker.
-- KEYS: worker key, live workers
-- ARGV: worker id, description, ttl ms, expires at ms
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
return 1
