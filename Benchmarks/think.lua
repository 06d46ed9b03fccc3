-- Shared by rush.lua, read.lua and mybids.lua: the optional think time, a mean pause in ms after
-- each response (uniform 0.5-1.5x), set by the script's init from its last argument.
think = 0
delay = function()
  if think > 0 then return think * (0.5 + math.random()) end
  return 0
end
