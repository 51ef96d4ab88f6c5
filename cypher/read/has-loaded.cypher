// Whether a load with this input fingerprint has completed (IGraphStore.HasLoaded); an unfinished batched load has a
// (:Load) node without committed_at and does not count.
// params: $fingerprint
MATCH (l:Load {fingerprint: $fingerprint})
WHERE l.committed_at IS NOT NULL
RETURN count(l) AS loads
