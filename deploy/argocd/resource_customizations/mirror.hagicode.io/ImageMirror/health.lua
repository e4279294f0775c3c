-- Argo CD health check for mirror.hagicode.io/ImageMirror.
-- Written for the Lua Argo CD gives an argocd-cm script: base functions and the table library only (no string,
-- math or os library), so it runs the same whether or not useOpenLibs is set.
--
--   spec.suspend = true                                  -> Suspended
--   no status yet, or status.observedGeneration behind   -> Progressing (the operator has not acted on this spec yet)
--   Syncing=True while Ready is not True                 -> Progressing (first sync, or a retry after a failure)
--   Ready=True                                           -> Healthy, even while a routine sync runs (scheduled, or
--                                                           of a webhook push), so an Application does not flip to
--                                                           Progressing every night or on every push; a mirror that
--                                                           syncs only by webhook stays Healthy while idle
--   Ready=False                                          -> Degraded, "Reason: message"
--   Ready missing or Unknown (and no sync running)       -> Progressing
-- Conditions of other types do not change the verdict.
local hs = {}

local function condition(conditions, kind)
  for _, c in ipairs(conditions) do
    if c.type == kind then
      return c
    end
  end
  return nil
end

local function describe(c)
  local text = ""
  if c.reason ~= nil and c.reason ~= "" then
    text = c.reason
  end
  if c.message ~= nil and c.message ~= "" then
    if text ~= "" then
      text = text .. ": "
    end
    text = text .. c.message
  end
  return text
end

if obj.spec ~= nil and obj.spec.suspend == true then
  hs.status = "Suspended"
  hs.message = "spec.suspend is true: no sync runs"
  return hs
end

if obj.status == nil or obj.status.conditions == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the imagemirror operator to report status"
  return hs
end

local generation = obj.metadata.generation
local observed = obj.status.observedGeneration
if generation ~= nil and (observed == nil or observed < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to act on generation " .. tostring(generation)
  return hs
end

local ready = condition(obj.status.conditions, "Ready")
local syncing = condition(obj.status.conditions, "Syncing")
local isSyncing = syncing ~= nil and syncing.status == "True"

if isSyncing and (ready == nil or ready.status ~= "True") then
  hs.status = "Progressing"
  hs.message = describe(syncing)
  if hs.message == "" then
    hs.message = "Sync in progress"
  end
  return hs
end

if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = describe(ready)
  if isSyncing then
    hs.message = hs.message .. " (a sync is running: " .. describe(syncing) .. ")"
  end
  return hs
end

if ready ~= nil and ready.status == "False" then
  hs.status = "Degraded"
  hs.message = describe(ready)
  return hs
end

hs.status = "Progressing"
hs.message = "Waiting for the Ready condition"
return hs
