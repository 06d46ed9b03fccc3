-- wrk script: a vendor (drawn at random from the 2,000) checking "my bids".
local tokens = {}
init = function(args)
  think = tonumber(args[2] or "0")
  for line in io.lines(args[1]) do tokens[#tokens + 1] = line end
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
end
request = function()
  return wrk.format("GET", "/api/v1/vendors/me/bids", {["Authorization"] = "Bearer " .. tokens[math.random(#tokens)]})
end
dofile("Benchmarks/think.lua")
dofile("Benchmarks/report.lua")
