// Saves an analysis run as an (:AnalysisRun) node; `json` keeps the whole run (rings, members, reasons,
// changes) so it reads back exactly. `seq` numbers runs in the order they were saved. Runs are history: CREATE
// (not MERGE) so a second save of the same run_id fails on the uniqueness constraint instead of replacing it.
// run: {run_id, started_at, started_at_ms, input_fingerprint, parameters_json, rings, flagged, saved_at, json}
// params: $run
OPTIONAL MATCH (previous:AnalysisRun)
WITH coalesce(max(previous.seq), 0) + 1 AS seq
CREATE (r:AnalysisRun)
SET r = $run, r.seq = seq
RETURN r.seq AS seq
