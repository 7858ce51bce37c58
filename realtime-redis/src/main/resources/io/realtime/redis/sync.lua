-- Reads what a node needs to follow a topic, in one atomic step: its epoch, its newest offset, and events
-- from its stream. Starts the topic if it has no state, as publish.lua does.
--
-- KEYS[1]  the topic's state, a hash: epoch, seq, origin
-- KEYS[2]  the topic's stream
-- ARGV[1]  an epoch to start if the topic has none
-- ARGV[2]  an epoch to replace, because the node saw its history go back in time; '' for none
-- ARGV[3]  read the events after this stream id; '' to read the newest ones instead
-- ARGV[4]  how many events at most   ARGV[5] key expiry, ms
-- ARGV[6]  'cluster' on a Redis Cluster, '' otherwise
-- Returns  {epoch, seq, entries}: entries oldest first after ARGV[3], newest first otherwise
local epoch = epoch_of(KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[6] == 'cluster')
local seq = redis.call('HGET', KEYS[1], 'seq')
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('PEXPIRE', KEYS[2], ARGV[5])
local entries
if ARGV[3] == '' then
  entries = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', ARGV[4])
else
  entries = redis.call('XRANGE', KEYS[2], '(' .. ARGV[3], '+', 'COUNT', ARGV[4])
end
return {epoch, seq, entries}
