-- A tab's attributes (RedisTabs.java): one hash per tab, which expires when no node has heard of the tab for the
-- tab idle timeout. Fields are the attributes' keys, values their encoded values.
-- KEYS[1]  the tab's hash
-- ARGV[1]  the operation: load, put, remove, delete or touch
-- ARGV[2]  the hash's new expiry, in milliseconds (unused by delete)
-- ARGV[3]  put and remove: the attribute's key
-- ARGV[4]  put: the attribute's value
-- ARGV[5]  put: the most attributes a tab holds
local tab, op, ttl = KEYS[1], ARGV[1], ARGV[2]
if op == 'load' then
  local all = redis.call('HGETALL', tab)
  if #all > 0 then
    redis.call('PEXPIRE', tab, ttl)
  end
  return all
elseif op == 'put' then
  if redis.call('HEXISTS', tab, ARGV[3]) == 0 and redis.call('HLEN', tab) >= tonumber(ARGV[5]) then
    return {0}
  end
  redis.call('HSET', tab, ARGV[3], ARGV[4])
  redis.call('PEXPIRE', tab, ttl)
  return {1}
elseif op == 'remove' then
  redis.call('HDEL', tab, ARGV[3])
  redis.call('PEXPIRE', tab, ttl)
  return {1}
elseif op == 'delete' then
  redis.call('DEL', tab)
  return {1}
elseif op == 'touch' then
  redis.call('PEXPIRE', tab, ttl)
  return {1}
end
return redis.error_reply('unknown tab operation')
