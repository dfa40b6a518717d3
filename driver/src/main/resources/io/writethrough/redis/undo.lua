-- Puts back what keys held before, but only where this transaction still owns the key: a newer
-- owner's value is never overwritten. First releases the marks of the connection's previous, committed
-- transaction, as write.lua does.
-- KEYS: R release mark keys, then data key, mark key, ...
-- ARGV[1]: transaction id; ARGV[2]: '1' to leave a tombstone for the transaction (see below), else '0';
-- ARGV[3]: committed transaction ('' if none); ARGV[4]: R;
-- ARGV[5]: C; then C xids of earlier owners PostgreSQL says committed (see write.lua), or C = -1 when that is not
-- known (then a key whose mark was taken over is deleted); then per key: mode, image, pttl.
-- mode T: restore the transaction's before-image kept in the mark, then drop the mark.
-- mode S: restore the image given (a savepoint's; '' = absent) and keep the mark.
-- mode X: the outcome is unknown (e.g. a commit whose connection broke): delete the key and the mark.
local tx, finish, committed = ARGV[1], ARGV[2], ARGV[3]
local releases = tonumber(ARGV[4])
for i = 1, releases do
  if redis.call('HGET', KEYS[i], 't') == committed then
    redis.call('DEL', KEYS[i])
  end
end
local earlierCommitted = {}
local count = tonumber(ARGV[5])
local known = count >= 0
for c = 1, count do
  earlierCommitted[ARGV[5 + c]] = true
end
-- A write of this transaction whose reply was lost may still arrive after this undo; the tombstone makes it a no-op.
if finish == '1' then
  redis.call('SET', 'writethrough:done:' .. tx, '1', 'EX', 3600)
end
local restored = 0
local a = 6 + math.max(count, 0)
for i = releases + 1, #KEYS, 2 do
  local key, mark = KEYS[i], KEYS[i + 1]
  local mode, image, pttl = ARGV[a], ARGV[a + 1], tonumber(ARGV[a + 2])
  a = a + 3
  if redis.call('HGET', mark, 't') == tx then
    if mode == 'T' then
      local m = redis.call('HMGET', mark, 'u', 'v', 'p', 'w', 'q', 'wa', 'wx', 'us')
      if not m[1] then
        image, pttl = m[2] or '', tonumber(m[3] or '-1')
      elseif earlierCommitted[m[1]] then
        -- The earlier owner committed; the value found is its committed one unless a savepoint may have undone it.
        if m[8] then
          image = ''
        else
          image, pttl = m[2] or '', tonumber(m[3] or '-1')
        end
      elseif not known or m[6] or m[7] then
        image = ''
      else
        image, pttl = m[4] or '', tonumber(m[5] or '-1')
      end
      redis.call('DEL', mark)
    elseif mode == 'X' then
      image = ''
      redis.call('DEL', mark)
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
return restored
