-- Argo CD resource actions for mirror.hagicode.io/ImageMirror. A suspended mirror can only be resumed; any other
-- can be synced now or suspended. Like every action script, this runs in Argo CD's Lua without open libraries.
local actions = {}
local suspended = obj.spec ~= nil and obj.spec.suspend == true

actions["sync-now"] = {["disabled"] = suspended, ["displayName"] = "Sync now"}
actions["suspend"] = {["disabled"] = suspended, ["displayName"] = "Suspend"}
actions["resume"] = {["disabled"] = not suspended, ["displayName"] = "Resume"}

return actions
