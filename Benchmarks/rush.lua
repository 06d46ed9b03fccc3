-- wrk script: every request is one vendor (drawn at random from 2,000) committing a fresh random
-- commitment to the tender; a vendor drawn again replaces its earlier bid.
local tokens = {}
local tender
local hex = {"0","1","2","3","4","5","6","7","8","9","a","b","c","d","e","f"}

init = function(args)
  think = tonumber(args[3] or "0")
  tender = args[1]
  for line in io.lines(args[2]) do tokens[#tokens + 1] = line end
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
end

request = function()
  local c = {}
  for i = 1, 64 do c[i] = hex[math.random(16)] end
  return wrk.format("POST", "/api/v1/tenders/" .. tender .. "/bids",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. tokens[math.random(#tokens)]},
    '{"commitment":"' .. table.concat(c) .. '"}')
end

dofile("Benchmarks/think.lua")
dofile("Benchmarks/report.lua")
