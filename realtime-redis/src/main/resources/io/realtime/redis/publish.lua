-- Appends one event to a topic in one atomic step: numbers it, stores it in the topic's stream, trims the
-- stream to the retention limits, and notifies every node that follows the topic.
--
-- KEYS[1]  the topic's state, a hash: epoch, seq (the newest offset), origin (on a cluster, see epoch.lua)
-- KEYS[2]  the topic's stream: one entry per event, fields o (offset), n (name), d (data)
-- ARGV[1]  an epoch to start if the topic has none
-- ARGV[2]  the event name       ARGV[3] the event data
-- ARGV[4]  events retained      ARGV[5] age retained, ms     ARGV[6] key expiry, ms
-- ARGV[7]  the notification channel, in the topic's slot
-- ARGV[8]  'cluster' on a Redis Cluster (announce with SPUBLISH, to the slot's shard only), '' otherwise
-- Returns  {epoch, offset, stream id}
local cluster = ARGV[8] == 'cluster'
local epoch = epoch_of(KEYS[1], KEYS[2], ARGV[1], false, cluster)
local offset = redis.call('HINCRBY', KEYS[1], 'seq', 1)
local id = redis.call('XADD', KEYS[2], 'MAXLEN', '=', ARGV[4], '*', 'o', offset, 'n', ARGV[2], 'd', ARGV[3])
local now = redis.call('TIME')
local oldest = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) - tonumber(ARGV[5])
if oldest > 0 then
  redis.call('XTRIM', KEYS[2], 'MINID', '=', string.format('%d', oldest))
end
redis.call('PEXPIRE', KEYS[1], ARGV[6])
redis.call('PEXPIRE', KEYS[2], ARGV[6])
local notice = epoch .. '\n' .. string.format('%d', offset) .. '\n' .. id .. '\n' .. ARGV[2] .. '\n' .. ARGV[3]
redis.call(cluster and 'SPUBLISH' or 'PUBLISH', ARGV[7], notice)
return {epoch, offset, id}
