// Completes a load: marks its (:Load) node committed, in the same transaction as the load's last write (atomic mode:
// the load's only transaction), so the same folder loaded twice is recognised (IGraphStore.HasLoaded) and readers
// know the graph holds all of it. A resumed batched load keeps the time it first started.
// params: $fingerprint, $source, $started_at, $committed_at, $records
MERGE (l:Load {fingerprint: $fingerprint})
SET l.source = $source, l.started_at = coalesce(l.started_at, $started_at), l.committed_at = $committed_at, l.records = $records
RETURN l.fingerprint AS fingerprint
