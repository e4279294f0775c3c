-- Stops syncing: the operator cancels a sync in flight and runs none until spec.suspend is false again.
obj.spec.suspend = true
return obj
