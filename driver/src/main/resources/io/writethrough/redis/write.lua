-- write.lua: writes one statement's entries for a transaction, taking ownership of each key it writes.
-- Layout (built only by OwnershipProtocol.write; see docs/design.md, "The ownership protocol"):
--   KEYS[1]               the transaction's tombstone, writethrough:done:<tx>
--   KEYS[2 .. R+1]        marks of the connection's previous, committed transaction: released first
--   KEYS[R+2 ..]          per entry: the entry key, then its mark writethrough:own:<key>
--   ARGV[1] tx; ARGV[2] its PostgreSQL xid; ARGV[3] the database's identity (whose xids these are); ARGV[4] '1' when a
--   savepoint is open; ARGV[5] the committed transaction whose marks are released ('' if none); ARGV[6] R; then per entry: kind (H hash, J json, D delete), capture
--   ('1': return what the key holds now), ttl in ms, n, then n payload items (hash: field, value, ...; json: text).
-- Returns {captures, takeovers}: for each entry with capture = 1 its current DUMP (false if absent) and PTTL; and the
-- xid of every earlier owner whose mark was taken over ('?' when unknown).
local OWNER_TX = 't'
local OWNER_XID = 'x'
local DATABASE = 'd'
local BEFORE_VALUE = 'v'
local BEFORE_PTTL = 'p'
local UNDER_SAVEPOINT = 's'
local EARLIER_XID = 'u'
local EARLIER_BEFORE_VALUE = 'w'
local EARLIER_BEFORE_PTTL = 'q'
local EARLIER_BEFORE_ABSENT = 'wa'
local EARLIER_BEFORE_UNDECIDED = 'wx'
local EARLIER_UNDER_SAVEPOINT = 'us'

local tombstone = KEYS[1]
local tx, xid, database, savepoint, released = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
-- A write that arrives after its transaction's undo (its reply was lost and the transaction rolled back) does nothing.
if redis.call('EXISTS', tombstone) == 1 then
  return {{}, {}}
end
local releases = tonumber(ARGV[6])
for i = 2, releases + 1 do
  if redis.call('HGET', KEYS[i], OWNER_TX) == released then
    redis.call('DEL', KEYS[i])
  end
end
local captures, takeovers = {}, {}
local a = 7
for i = releases + 2, #KEYS, 2 do
  local key, mark = KEYS[i], KEYS[i + 1]
  local kind, capture, ttl, n = ARGV[a], ARGV[a + 1], tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3])
  a = a + 4
  local owner = redis.call('HGET', mark, OWNER_TX)
  -- Whether the key may exist: unknown (true) unless this write just looked.
  local present = true
  if owner ~= tx then
    local fields = {OWNER_TX, tx, OWNER_XID, xid, DATABASE, database}
    local found = redis.call('DUMP', key)
    present = found ~= false
    if found then
      table.insert(fields, BEFORE_VALUE); table.insert(fields, found)
      table.insert(fields, BEFORE_PTTL); table.insert(fields, redis.call('PTTL', key))
    end
    if owner then
      -- Another transaction's mark: keep both candidates (the value found, and the value before that owner).
      local earlier = redis.call('HMGET', mark, OWNER_XID, EARLIER_XID, BEFORE_VALUE, BEFORE_PTTL, UNDER_SAVEPOINT)
      local earlierXid = earlier[1] or '?'
      table.insert(fields, EARLIER_XID); table.insert(fields, earlierXid)
      if earlier[5] then
        table.insert(fields, EARLIER_UNDER_SAVEPOINT); table.insert(fields, '1')
      end
      if earlier[2] then
        table.insert(fields, EARLIER_BEFORE_UNDECIDED); table.insert(fields, '1')
      elseif earlier[3] then
        table.insert(fields, EARLIER_BEFORE_VALUE); table.insert(fields, earlier[3])
        table.insert(fields, EARLIER_BEFORE_PTTL); table.insert(fields, earlier[4])
      else
        table.insert(fields, EARLIER_BEFORE_ABSENT); table.insert(fields, '1')
      end
      takeovers[#takeovers + 1] = earlierXid
      redis.call('DEL', mark)
    end
    redis.call('HSET', mark, unpack(fields))
  end
  if savepoint == '1' then
    redis.call('HSET', mark, UNDER_SAVEPOINT, '1')
  end
  if capture == '1' then
    captures[#captures + 1] = redis.call('DUMP', key)
    captures[#captures + 1] = redis.call('PTTL', key)
  end
  if present then
    redis.call('DEL', key)
  end
  writeEntry(key, kind, ttl, n, a)
  a = a + n
end
return {captures, takeovers}
