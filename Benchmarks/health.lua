-- wrk script: GET /health (no database work), optionally paced by a think time (first argument, ms).
init = function(args)
  think = tonumber(args[1] or "0")
end
dofile("Benchmarks/think.lua")
dofile("Benchmarks/report.lua")
