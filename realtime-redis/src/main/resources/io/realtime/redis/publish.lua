-- Appends one event to a topic in one atomic step: numbers it, stores it in the topic's stream, trims the
-- stream to the retention limits, and notifies every node that follows the topic.
--
-- KEYS[1]  the topic's state, a hash: epoch, seq (the newest offset)
-- KEYS[2]  the topic's stream: one entry per event, fields o (offset), n (name), d (data)
-- ARGV[1]  an epoch to start if the topic has none
-- ARGV[2]  the event name       ARGV[3] the event data
-- ARGV[4]  events retained      ARGV[5] age retained, ms     ARGV[6] key expiry, ms
-- ARGV[7]  the notification channel
-- Returns  {epoch, offset, stream id}
local epoch = redis.call('HGET', KEYS[1], 'epoch')
if not epoch then
  -- A new topic, or Redis lost its state (flushed, restarted without persistence, evicted): whatever the
  -- stream still holds belongs to a history nobody can name any more.
  epoch = ARGV[1]
  redis.call('DEL', KEYS[2])
  redis.call('HSET', KEYS[1], 'epoch', epoch, 'seq', 0)
end
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
redis.call('PUBLISH', ARGV[7], notice)
return {epoch, offset, id}
