-- The start of publish.lua and sync.lua: finds a topic's epoch, and starts a new one where the history the
-- clients know may be gone.
--
-- On a Redis Cluster the state also records the replication id of the master that numbered the events. A
-- replica promoted by a failover, or a master restarted, has another one, and, replication being asynchronous,
-- it may lack the newest events that clients already received: numbering on from its copy would give their
-- offsets to other events. So a topic whose recorded id is not the master's own starts a new epoch.
local function epoch_of(state, events, fresh, stale, cluster)
  local known = redis.call('HMGET', state, 'epoch', 'origin')
  local epoch = known[1]
  local origin = false
  if cluster then
    origin = string.match(redis.call('INFO', 'replication'), 'master_replid:(%w+)')
    if known[2] ~= origin then
      epoch = false
    end
  end
  if not epoch or epoch == stale then
    -- A new topic, or Redis lost its state (flushed, restarted without persistence, evicted, failed over):
    -- whatever the stream still holds belongs to a history nobody can name any more.
    epoch = fresh
    redis.call('DEL', events)
    redis.call('HSET', state, 'epoch', epoch, 'seq', 0)
    if origin then
      redis.call('HSET', state, 'origin', origin)
    end
  end
  return epoch
end

