-- Syncing resumes: the spec changes, so the operator syncs at once, then on its schedule.
obj.spec.suspend = false
return obj
