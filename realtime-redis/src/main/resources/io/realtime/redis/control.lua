-- Sends a control message to every node (ControlLine.java): one publish on the control channel.
-- KEYS[1]  the control channel, declared as a key so that a Redis Cluster runs this at the master of its slot
-- ARGV[1]  the message
-- ARGV[2]  'cluster' on a Redis Cluster, where the channel is a shard channel
redis.call(ARGV[2] == 'cluster' and 'SPUBLISH' or 'PUBLISH', KEYS[1], ARGV[1])
return {}
