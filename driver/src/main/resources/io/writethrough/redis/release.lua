-- After commit: drops this transaction's marks. A mark another transaction took over is left alone.
-- KEYS: mark keys.  ARGV[1]: transaction id.
local tx = ARGV[1]
local released = 0
for i = 1, #KEYS do
  if redis.call('HGET', KEYS[i], 't') == tx then
    redis.call('DEL', KEYS[i])
    released = released + 1
  end
end
return released
