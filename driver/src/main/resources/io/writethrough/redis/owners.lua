-- owners.lua: before an undo whose transaction lost the reply of a write, the earlier owners whose marks that write
-- may have taken over (see write.lua), so the driver can ask PostgreSQL whether they committed.
-- Layout (built only by OwnershipProtocol.marksOf): KEYS: the marks; ARGV[1]: the transaction id.
-- Returns the distinct earlier owners' xids of the marks the transaction owns.
local OWNER_TX = 't'
local EARLIER_XID = 'u'

local tx = ARGV[1]
local seen, out = {}, {}
for i = 1, #KEYS do
  local m = redis.call('HMGET', KEYS[i], OWNER_TX, EARLIER_XID)
  if m[1] == tx and m[2] and not seen[m[2]] then
    seen[m[2]] = true
    out[#out + 1] = m[2]
  end
end
return out
