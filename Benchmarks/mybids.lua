-- wrk script: a vendor (drawn at random from the 2,000) checking "my bids".
local tokens = {}
local think = 0
init = function(args)
  think = tonumber(args[2] or "0")
  for line in io.lines(args[1]) do tokens[#tokens + 1] = line end
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
end
request = function()
  return wrk.format("GET", "/api/v1/vendors/me/bids", {["Authorization"] = "Bearer " .. tokens[math.random(#tokens)]})
end
-- Optional think time: argument 2, the mean pause in ms after each response (uniform 0.5-1.5x).
delay = function()
  if think > 0 then return think * (0.5 + math.random()) end
  return 0
end
dofile("Benchmarks/report.lua")
