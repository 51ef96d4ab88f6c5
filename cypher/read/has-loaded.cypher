// Whether a load with this input fingerprint has committed (IGraphStore.HasLoaded).
// params: $fingerprint
MATCH (l:Load {fingerprint: $fingerprint})
RETURN count(l) AS loads
