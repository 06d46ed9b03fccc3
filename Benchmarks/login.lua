-- wrk script: vendors logging in at the last minute, with the server's real bcrypt cost (the
-- accounts in the file were registered at that cost). Every login is correct: no lockout.
local emails = {}
local n = 0
init = function(args)
  for line in io.lines(args[1]) do emails[#emails + 1] = line end
  n = math.random(#emails)
end
request = function()
  n = n % #emails + 1
  return wrk.format("POST", "/api/v1/auth/login", {["Content-Type"] = "application/json"},
    '{"email":"' .. emails[n] .. '","password":"vendor-password"}')
end
dofile("Benchmarks/report.lua")
