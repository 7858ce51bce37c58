-- One topic's presence across nodes, in one atomic step: lets the members of nodes that stopped refreshing leave,
-- applies one node's changes, refreshes that node, and tells what the topic's clients must hear.
--
-- A member (a tab) may be held by several nodes at once: the one it reloaded away from, still in its grace
-- period (or dead, not yet noticed), and the one it reloaded to. It joins when the first node takes it, and
-- leaves when the last one lets it go: a reload onto another node is neither.
-- Listed are the limit first members by join order; a listed member's leave brings the next one into the list.
--
-- KEYS[1]  order, a sorted set: member id -> join number, the longest present first
-- KEYS[2]  members, a hash: member id -> JSON [user, name]
-- KEYS[3]  holders, a hash: member id -> how many nodes hold it
-- KEYS[4]  users, a hash: user key -> how many members it has
-- KEYS[5]  nodes, a sorted set: node -> the time (ms) after which its members leave, unless it refreshes
-- KEYS[6]  connections, a hash: node -> its joined connections
-- KEYS[7]  state, a hash: seq (the change number, from the clock in µs), order (the last join number), users and tabs last published
-- KEYS[8]  this node's members, a set of ids (other nodes' sets are ARGV[2] .. node, in the same slot)
-- ARGV[1]  this node          ARGV[2] the name of a node's set, without the node
-- ARGV[3]  the TTL, ms        ARGV[4] the keys' expiry, ms      ARGV[5] the list limit
-- ARGV[6]  'update', or 'read' to change nothing
-- ARGV[7]  this node's connections       ARGV[8] '1' if the joined are all of this node's members
-- ARGV[9]  '1' to return the list
-- ARGV[10] how many ids left, then the ids, then how many joined, then id, user, name for each
-- Returns  {seq, changed, lost, {users, tabs, connections}, joined, left, list}; joined and list are flat
--          id, user, name triples, left is ids; lost is 1 if this node had no entry before this update
local order, members, holders, users, nodes, conns, state, mine =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8]
local node, ttl, limit = ARGV[1], tonumber(ARGV[3]), tonumber(ARGV[5])
local update = ARGV[6] == 'update'
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

local shown, shownOrder, fresh, left = {}, {}, {}, {}

-- A member clients must learn of: joined the list (fresh), or renamed.
local function show(id, isFresh)
  if not shown[id] then
    shown[id] = true
    shownOrder[#shownOrder + 1] = id
  end
  if isFresh then
    fresh[id] = true
  end
end

-- A listed member leaves: clients hear it unless it joined the list within this step.
local function hide(id)
  shown[id] = nil
  if fresh[id] then
    fresh[id] = nil
  else
    left[#left + 1] = id
  end
end

local function user_key(id, user)
  if user == '' then
    return 'tab:' .. id
  end
  return 'user:' .. user
end

-- A node lets a member go; the member leaves if no other node holds it.
local function drop(set, id)
  if redis.call('SREM', set, id) == 0 or redis.call('HINCRBY', holders, id, -1) > 0 then
    return
  end
  redis.call('HDEL', holders, id)
  local rank = redis.call('ZRANK', order, id)
  if rank and rank < limit then
    hide(id)
    local promoted = redis.call('ZRANGE', order, limit, limit)[1]
    if promoted then
      show(promoted, true)
    end
  end
  redis.call('ZREM', order, id)
  local record = redis.call('HGET', members, id)
  if record then
    local key = user_key(id, cjson.decode(record)[1])
    if redis.call('HINCRBY', users, key, -1) <= 0 then
      redis.call('HDEL', users, key)
    end
    redis.call('HDEL', members, id)
  end
end

-- A node takes a member: a join if no node held it, else at most a new name.
local function take(id, user, name)
  local record = cjson.encode({user, name})
  if redis.call('SADD', mine, id) == 1 and redis.call('HINCRBY', holders, id, 1) == 1 then
    redis.call('ZADD', order, redis.call('HINCRBY', state, 'order', 1), id)
    redis.call('HSET', members, id, record)
    redis.call('HINCRBY', users, user_key(id, user), 1)
    if redis.call('ZRANK', order, id) < limit then
      show(id, true)
    end
    return
  end
  local old = redis.call('HGET', members, id)
  if old ~= record then
    redis.call('HSET', members, id, record)
    local rank = redis.call('ZRANK', order, id)
    if old and rank and rank < limit then
      show(id, false)
    end
  end
end

local function triples(ids)
  local flat = {}
  for _, id in ipairs(ids) do
    local record = redis.call('HGET', members, id)
    if record then
      local decoded = cjson.decode(record)
      flat[#flat + 1] = id
      flat[#flat + 1] = decoded[1]
      flat[#flat + 1] = decoded[2]
    end
  end
  return flat
end

local lost = 0
if update then
  for _, other in ipairs(redis.call('ZRANGEBYSCORE', nodes, '-inf', string.format('(%d', now))) do
    if other ~= node then
      local set = ARGV[2] .. other
      for _, id in ipairs(redis.call('SMEMBERS', set)) do
        drop(set, id)
      end
      redis.call('DEL', set)
      redis.call('ZREM', nodes, other)
      redis.call('HDEL', conns, other)
    end
  end
  if not redis.call('ZSCORE', nodes, node) then
    lost = 1
  end
  local i = 10
  for _ = 1, tonumber(ARGV[i]) do
    i = i + 1
    drop(mine, ARGV[i])
  end
  i = i + 1
  local count = tonumber(ARGV[i])
  local taken = {}
  for _ = 1, count do
    take(ARGV[i + 1], ARGV[i + 2], ARGV[i + 3])
    taken[ARGV[i + 1]] = true
    i = i + 3
  end
  if ARGV[8] == '1' then
    for _, id in ipairs(redis.call('SMEMBERS', mine)) do
      if not taken[id] then
        drop(mine, id)
      end
    end
  end
  redis.call('ZADD', nodes, string.format('%d', now + ttl), node)
  redis.call('HSET', conns, node, ARGV[7])
  for k = 1, 8 do
    redis.call('PEXPIRE', KEYS[k], ARGV[4])
  end
end

local occupancy = {redis.call('HLEN', users), redis.call('ZCARD', order), 0}
for _, n in ipairs(redis.call('HVALS', conns)) do
  occupancy[3] = occupancy[3] + tonumber(n)
end
local visible = {}
for _, id in ipairs(shownOrder) do
  if shown[id] then
    visible[#visible + 1] = id
  end
end
-- Connections come and go with every reload: their count alone is not worth an event.
local published = redis.call('HMGET', state, 'seq', 'users', 'tabs')
local seq = tonumber(published[1] or '0')
local changed = 0
if update and (#left > 0 or #visible > 0 or tonumber(published[2] or '0') ~= occupancy[1]
    or tonumber(published[3] or '0') ~= occupancy[2]) then
  changed = 1
  if not published[1] then
    -- A room new to Redis, or one Redis lost: numbers from the clock, above any a client may hold from before.
    redis.call('HSET', state, 'seq', string.format('%d', now * 1000))
  end
  seq = redis.call('HINCRBY', state, 'seq', 1)
  redis.call('HSET', state, 'users', occupancy[1], 'tabs', occupancy[2])
end
local list = {}
if ARGV[9] == '1' and limit > 0 then
  list = triples(redis.call('ZRANGE', order, 0, limit - 1))
end
return {seq, changed, lost, occupancy, triples(visible), left, list}
