-- release.lua: after commit, drops this transaction's marks. A mark another transaction took over is left alone.
-- Layout (built only by OwnershipProtocol.marksOf): KEYS: the marks; ARGV[1]: the transaction id.
-- Returns the number of marks dropped.
local OWNER_TX = 't'

local tx = ARGV[1]
local released = 0
for i = 1, #KEYS do
  if redis.call('HGET', KEYS[i], OWNER_TX) == tx then
    redis.call('DEL', KEYS[i])
    released = released + 1
  end
end
return released
