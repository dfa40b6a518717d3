-- fill_unmarked.lua: put between entry.lua and fill.lua (LuaScript.fromResources): the same fill in a few commands
-- when no key of the call has a mark, the usual case (warming a key space no transaction writes to): one EXISTS for
-- every mark, one DEL for the keys of hashes and deletions (a JSON entry's SET replaces its key, type and TTL
-- included), one MSET for the JSON entries without a TTL, then each hash. When a mark stands,
-- fill.lua goes on, entry by entry. For calls whose keys are distinct (a key written twice would keep the fields of
-- both). Multi-key commands go in slices of 1000 keys (Lua's unpack has a limit).
do
  local function inSlices(command, items, step)
    local total = 0
    for s = 1, #items, 1000 * step do
      total = total + redis.call(command, unpack(items, s, math.min(s + 1000 * step - 1, #items)))
    end
    return total
  end
  local deleted, marks = {}, {}
  local a = 1
  for i = 1, #KEYS, 2 do
    marks[#marks + 1] = KEYS[i + 1]
    local n = tonumber(ARGV[a + 2])
    if ARGV[a] ~= 'J' or n == 0 then
      deleted[#deleted + 1] = KEYS[i]
    end
    a = a + 3 + n
  end
  if inSlices('EXISTS', marks, 1) == 0 then
    inSlices('DEL', deleted, 1)
    local strings = {}
    a = 1
    for i = 1, #KEYS, 2 do
      local kind, ttl, n = ARGV[a], tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2])
      if kind == 'J' and ttl <= 0 then
        strings[#strings + 1] = KEYS[i]
        strings[#strings + 1] = ARGV[a + 3]
      else
        writeEntry(KEYS[i], kind, ttl, n, a + 3)
      end
      a = a + 3 + n
    end
    for s = 1, #strings, 2000 do
      redis.call('MSET', unpack(strings, s, math.min(s + 1999, #strings)))
    end
    return {}
  end
end
