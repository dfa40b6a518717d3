-- entry.lua: put in front of write.lua and fill.lua when they are loaded (LuaScript.fromResources).
-- Writes one entry from ARGV: kind H sets the n items ARGV[a .. a+n-1] (field, value, ...) in slices of 200 fields,
-- kind J sets the JSON text ARGV[a], kind D writes nothing; then the TTL (ms), if any.
local function writeEntry(key, kind, ttl, n, a)
  if kind == 'H' then
    local j = a
    while j < a + n do
      local last = math.min(j + 399, a + n - 1)
      redis.call('HSET', key, unpack(ARGV, j, last))
      j = last + 1
    end
  elseif kind == 'J' then
    redis.call('SET', key, ARGV[a])
  end
  if kind ~= 'D' and ttl > 0 and n > 0 then
    redis.call('PEXPIRE', key, ttl)
  end
end

