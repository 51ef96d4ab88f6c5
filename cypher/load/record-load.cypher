// Records a committed load by its input fingerprint, in the load's own transaction, so the same folder loaded
// twice is recognised (IGraphStore.HasLoaded).
// params: $fingerprint, $source, $started_at, $committed_at, $records
MERGE (l:Load {fingerprint: $fingerprint})
SET l.source = $source, l.started_at = $started_at, l.committed_at = $committed_at, l.records = $records
RETURN l.fingerprint AS fingerprint
