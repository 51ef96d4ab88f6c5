// Writes a run's rings as (:Ring {ring_id, score, flagged, run_id, ...})-[:FOUND_IN]->(:AnalysisRun), one Ring
// node per ring and run (ring_key = run_id + '/' + ring_id), so a ring is one click away in Neo4j Browser/Bloom.
// rows: [{ring_key, props}]
// params: $run_id, $rows
MATCH (run:AnalysisRun {run_id: $run_id})
UNWIND $rows AS row
MERGE (g:Ring {ring_key: row.ring_key})
SET g = row.props, g.ring_key = row.ring_key
MERGE (g)-[:FOUND_IN]->(run)
RETURN count(g) AS rings
