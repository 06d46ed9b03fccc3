-- wrk script: the public at the deadline, anonymous: the tender's page (detail, with its countdown)
-- and the list of open tenders, alternately.
local tender
local think = 0
local n = 0
init = function(args)
  tender = args[1]
  think = tonumber(args[2] or "0")
end
request = function()
  n = n + 1
  if n % 2 == 0 then return wrk.format("GET", "/api/v1/tenders?status=published&per=20") end
  return wrk.format("GET", "/api/v1/tenders/" .. tender)
end
-- Optional think time: argument 2, the mean pause in ms after each response (uniform 0.5-1.5x).
delay = function()
  if think > 0 then return think * (0.5 + math.random()) end
  return 0
end
dofile("Benchmarks/report.lua")
