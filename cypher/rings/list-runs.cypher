// Every saved analysis run, newest first (by start time, then by save order), without its rings.
// params: none
MATCH (r:AnalysisRun)
RETURN r.run_id AS run_id, r.started_at AS started_at, r.input_fingerprint AS input_fingerprint,
       r.rings AS rings, r.flagged AS flagged
ORDER BY r.started_at_ms DESC, r.seq DESC
