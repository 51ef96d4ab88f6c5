// The newest analysis run (latest start time; among equal starts the last saved), as the JSON kept on its node.
// params: none
MATCH (r:AnalysisRun)
RETURN r.json AS json
ORDER BY r.started_at_ms DESC, r.seq DESC
LIMIT 1
