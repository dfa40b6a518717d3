-- fill.lua: writes entries read from the database's committed rows, under the rows' locks (the recovery sweep's
-- refill of keys whose value could not be decided), but only where no transaction owns the key: a writer's value is
-- never overwritten.
-- Layout (built only by OwnershipProtocol.fill; see docs/design.md, "Recovery"):
--   KEYS: per entry, the entry key, then its mark
--   ARGV: per entry: kind (H hash, J json, D delete), ttl in ms, n, then n payload items
-- Returns the keys it left because a mark stands on them: their owner decides what they hold, and a refill must look
-- again once the owner is done (an owner that rolls back puts back what it found, which may be the very absence the
-- refill was asked to heal).
local owned = {}
local a = 1
for i = 1, #KEYS, 2 do
  local key, mark = KEYS[i], KEYS[i + 1]
  local kind, ttl, n = ARGV[a], tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2])
  a = a + 3
  if redis.call('EXISTS', mark) == 0 then
    redis.call('DEL', key)
    writeEntry(key, kind, ttl, n, a)
  else
    owned[#owned + 1] = key
  end
  a = a + n
end
return owned
