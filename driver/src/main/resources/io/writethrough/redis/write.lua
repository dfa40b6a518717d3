-- Writes one statement's entries and takes ownership of each key for the transaction. First releases the marks of
-- the connection's previous, committed transaction (deferred from its commit to save a round trip).
-- KEYS: R release mark keys, then data key, mark key, data key, mark key, ...
-- ARGV[1]: transaction id; ARGV[2]: the committed transaction whose marks to release ('' if none); ARGV[3]: R;
-- then per entry: kind (H|J|D), capture (1|0), ttl ms, n, n payload args.
-- A mark (hash) holds t = owning transaction; v/p = the committed value (DUMP) and PTTL the key had
-- when the owner first touched it. A mark left by another transaction means the value may never have
-- been committed (that transaction may be between a failed statement and its undo), so the new owner
-- records no before-image: its own undo will delete the key (a cache miss, never a dead value).
-- Returns, for each entry with capture = 1, its current DUMP (false if absent) and PTTL.
local tx = ARGV[1]
local committed = ARGV[2]
local releases = tonumber(ARGV[3])
for i = 1, releases do
  if redis.call('HGET', KEYS[i], 't') == committed then
    redis.call('DEL', KEYS[i])
  end
end
local out = {}
local a = 4
for i = releases + 1, #KEYS, 2 do
  local key, mark = KEYS[i], KEYS[i + 1]
  local kind, capture, ttl, n = ARGV[a], ARGV[a + 1], tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3])
  a = a + 4
  local owner = redis.call('HGET', mark, 't')
  if owner ~= tx then
    if owner then
      redis.call('DEL', mark)
      redis.call('HSET', mark, 't', tx)
    else
      local before = redis.call('DUMP', key)
      if before then
        redis.call('HSET', mark, 't', tx, 'v', before, 'p', redis.call('PTTL', key))
      else
        redis.call('HSET', mark, 't', tx)
      end
    end
  end
  if capture == '1' then
    out[#out + 1] = redis.call('DUMP', key)
    out[#out + 1] = redis.call('PTTL', key)
  end
  redis.call('DEL', key)
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
  a = a + n
end
return out
