-- undo.lua: puts back what keys held before, but only where this transaction still owns the key: a newer owner's
-- value is never overwritten. First releases the marks of the connection's previous, committed transaction.
-- Layout (built only by OwnershipProtocol.undo; see docs/design.md, "The ownership protocol"):
--   KEYS[1]               the transaction's tombstone, writethrough:done:<tx>
--   KEYS[2 .. R+1]        marks of the connection's previous, committed transaction: released first
--   KEYS[R+2 .. N-1]      per step: the entry key, then its mark
--   KEYS[N]               the refill set of the steps' slot, writethrough:refill: a key deleted because its value was
--                         undecided is added, so that any driver's sweep refills it even if this one's process dies
--   ARGV[1] tx; ARGV[2] '1' to leave the tombstone (a write whose reply was lost may still arrive), else '0';
--   ARGV[3] the committed transaction whose marks are released ('' if none); ARGV[4] R;
--   ARGV[5] C, then C xids of earlier owners PostgreSQL says committed, or C = -1 when that is not known (then a key
--   whose mark was taken over is deleted); then per step: mode, image, pttl.
--   mode T: restore the transaction's before-image kept in the mark, then drop the mark.
--   mode S: restore the image given (a savepoint's; '' = absent) and keep the mark.
--   mode X: the outcome is unknown (e.g. a commit whose connection broke): delete the key and the mark.
--   mode F: as T, but a key whose value is undecided is left as it is (the recovery sweep of a configuration that
--   cannot refill the key from the database: one whose mapping can, will).
-- Returns {restored, undecided}: the number of keys restored, and the keys deleted because the value to restore could
-- not be decided (their committed value must come from the database: see the recovery sweep; they are in KEYS[N] too).
local OWNER_TX = 't'
local BEFORE_VALUE = 'v'
local BEFORE_PTTL = 'p'
local EARLIER_XID = 'u'
local EARLIER_BEFORE_VALUE = 'w'
local EARLIER_BEFORE_PTTL = 'q'
local EARLIER_BEFORE_ABSENT = 'wa'
local EARLIER_BEFORE_UNDECIDED = 'wx'
local EARLIER_UNDER_SAVEPOINT = 'us'
local TOMBSTONE_TTL_SECONDS = 3600

local tombstone, refills = KEYS[1], KEYS[#KEYS]
local tx, finish, released = ARGV[1], ARGV[2], ARGV[3]
local releases = tonumber(ARGV[4])
for i = 2, releases + 1 do
  if redis.call('HGET', KEYS[i], OWNER_TX) == released then
    redis.call('DEL', KEYS[i])
  end
end
local earlierCommitted = {}
local count = tonumber(ARGV[5])
local known = count >= 0
for c = 1, count do
  earlierCommitted[ARGV[5 + c]] = true
end
if finish == '1' then
  redis.call('SET', tombstone, '1', 'EX', TOMBSTONE_TTL_SECONDS)
end
local restored, undecided = 0, {}
local a = 6 + math.max(count, 0)
for i = releases + 2, #KEYS - 1, 2 do
  local key, mark = KEYS[i], KEYS[i + 1]
  local mode, image, pttl = ARGV[a], ARGV[a + 1], tonumber(ARGV[a + 2])
  a = a + 3
  if redis.call('HGET', mark, OWNER_TX) == tx then
    if mode == 'T' or mode == 'F' then
      local m = redis.call('HMGET', mark, EARLIER_XID, BEFORE_VALUE, BEFORE_PTTL, EARLIER_BEFORE_VALUE,
          EARLIER_BEFORE_PTTL, EARLIER_BEFORE_ABSENT, EARLIER_BEFORE_UNDECIDED, EARLIER_UNDER_SAVEPOINT)
      local earlierXid, value, valuePttl, earlierValue, earlierPttl = m[1], m[2], m[3], m[4], m[5]
      local earlierAbsent, earlierUndecided, earlierUnderSavepoint = m[6], m[7], m[8]
      if not earlierXid then
        image, pttl = value or '', tonumber(valuePttl or '-1')
      elseif earlierCommitted[earlierXid] then
        -- The earlier owner committed; the value found is its committed one unless a savepoint may have undone it.
        if earlierUnderSavepoint then
          image = false
        else
          image, pttl = value or '', tonumber(valuePttl or '-1')
        end
      elseif not known or earlierUndecided then
        image = false
      elseif earlierAbsent then
        image = ''
      else
        image, pttl = earlierValue or '', tonumber(earlierPttl or '-1')
      end
    elseif mode == 'X' then
      image = false
    end
    -- Mode F leaves an undecided key, mark and all, to a driver whose mapping can refill it from the database.
    if not (image == false and mode == 'F') then
      if mode ~= 'S' then
        redis.call('DEL', mark)
      end
      if image == false then
        undecided[#undecided + 1] = key
        redis.call('SADD', refills, key)
        image = ''
      end
      if image == '' then
        redis.call('DEL', key)
      else
        if pttl < 0 then pttl = 0 end
        redis.call('RESTORE', key, pttl, image, 'REPLACE')
      end
      restored = restored + 1
    end
  end
end
return {restored, undecided}
