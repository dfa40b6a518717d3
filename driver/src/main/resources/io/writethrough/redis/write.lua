-- Writes one statement's entries and takes ownership of each key for the transaction. First releases the marks of
-- the connection's previous, committed transaction (deferred from its commit to save a round trip).
-- KEYS: R release mark keys, then data key, mark key, data key, mark key, ...
-- ARGV[1]: transaction id; ARGV[2]: its PostgreSQL transaction id (xid); ARGV[3]: '1' when a savepoint is open;
-- ARGV[4]: the committed transaction whose marks to release ('' if none); ARGV[5]: R; then per entry: kind (H|J|D),
-- capture (1|0), ttl ms, n, n payload args.
--
-- A mark (hash) names its owner (t, x) and holds the key's before-image: v/p, the DUMP and PTTL the key had when the
-- owner first wrote it (no v: the key was absent). A mark left by another transaction means the value found may
-- never be committed (that transaction may be between a failed statement and its undo, or committed with its mark
-- not yet released). Then the new owner keeps two candidates, decided on undo by asking PostgreSQL whether the old
-- owner (u = its xid) committed: v/p, the value found, if it did; w/q, the old owner's own before-image, if it did
-- not (wa: that image was "absent"; wx: unknown, because the old mark was itself undecided). A value written while a
-- savepoint was open (s) may have been rolled back with it even if its transaction committed (txid_status speaks of
-- the whole transaction): a mark taken over from such an owner says so (us), and its "committed" candidate is not
-- trusted.
-- Returns {captures, takeovers}: for each entry with capture = 1 its current DUMP (false if absent) and PTTL; and the
-- xid of every old owner taken over ('?' when unknown).
local tx, xid, savepoint, committed = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
-- A write that arrives after its transaction's undo (its reply was lost and the transaction rolled back) does nothing.
if redis.call('EXISTS', 'writethrough:done:' .. tx) == 1 then
  return {{}, {}}
end
local releases = tonumber(ARGV[5])
for i = 1, releases do
  if redis.call('HGET', KEYS[i], 't') == committed then
    redis.call('DEL', KEYS[i])
  end
end
local captures, takeovers = {}, {}
local a = 6
for i = releases + 1, #KEYS, 2 do
  local key, mark = KEYS[i], KEYS[i + 1]
  local kind, capture, ttl, n = ARGV[a], ARGV[a + 1], tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3])
  a = a + 4
  local owner = redis.call('HGET', mark, 't')
  -- Whether the key may exist: unknown (true) unless this write just looked.
  local present = true
  if owner ~= tx then
    local fields = {'t', tx, 'x', xid}
    local found = redis.call('DUMP', key)
    present = found ~= false
    if found then
      table.insert(fields, 'v'); table.insert(fields, found)
      table.insert(fields, 'p'); table.insert(fields, redis.call('PTTL', key))
    end
    if owner then
      local old = redis.call('HMGET', mark, 'x', 'u', 'v', 'p', 's')
      local oldXid = old[1] or '?'
      table.insert(fields, 'u'); table.insert(fields, oldXid)
      if old[5] then
        table.insert(fields, 'us'); table.insert(fields, '1')
      end
      if old[2] then
        table.insert(fields, 'wx'); table.insert(fields, '1')
      elseif old[3] then
        table.insert(fields, 'w'); table.insert(fields, old[3])
        table.insert(fields, 'q'); table.insert(fields, old[4])
      else
        table.insert(fields, 'wa'); table.insert(fields, '1')
      end
      takeovers[#takeovers + 1] = oldXid
      redis.call('DEL', mark)
    end
    redis.call('HSET', mark, unpack(fields))
  end
  if savepoint == '1' then
    redis.call('HSET', mark, 's', '1')
  end
  if capture == '1' then
    captures[#captures + 1] = redis.call('DUMP', key)
    captures[#captures + 1] = redis.call('PTTL', key)
  end
  if present then
    redis.call('DEL', key)
  end
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
return {captures, takeovers}
