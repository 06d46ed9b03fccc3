dofile("Benchmarks/report.lua")
