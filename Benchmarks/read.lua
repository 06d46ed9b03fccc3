-- wrk script: the public at the deadline, anonymous: the tender's page (detail, with its countdown)
-- and the list of open tenders, alternately.
local tender
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
dofile("Benchmarks/think.lua")
dofile("Benchmarks/report.lua")
