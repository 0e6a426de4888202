-- How many tasks of each type hold a concurrency slot now (see gateHolders).
-- KEYS: the gate of each type
-- ARGV: record key prefix
-- Reply: a count per gate
local counts = {}
for i, gate in ipairs(KEYS) do
  counts[i] = tostring((gateHolders(gate, '', ARGV[1])))
end
return counts
