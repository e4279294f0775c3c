-- Asks the operator for a sync now: it syncs whenever mirror.hagicode.io/requested-at holds a value other than
-- status.lastHandledRequestedAt. The time of the request (UTC, to the second) is such a value, and says when.
-- Argo CD gives action scripts no global os: require("os") yields its safe subset (os.time, os.date).
local os = require("os")
if obj.metadata.annotations == nil then
  obj.metadata.annotations = {}
end
obj.metadata.annotations["mirror.hagicode.io/requested-at"] = os.date("!%Y-%m-%dT%XZ")
return obj
