// A ring and its neighbourhood, as a graph for Neo4j Browser or Bloom: the ring (from the newest run that
// found it), its members, and everything one hop from each member (policies, agents, events, contact points).
// Parameters: $ringId (e.g. 'R-000123'); $limit (integer, e.g. 500): at most this many neighbour rows.
// params: $ringId, $limit
MATCH (g:Ring {ring_id: $ringId})-[:FOUND_IN]->(run:AnalysisRun)
WITH g, run
ORDER BY run.started_at_ms DESC, run.seq DESC
LIMIT 1
MATCH (member)-[membership:MEMBER_OF]->(g)
OPTIONAL MATCH (member)-[near:LINKED_TO|HOLDS|SOLD|CHANGED|REQUESTED|FILED]-(neighbour)
RETURN g, member, membership, near, neighbour
LIMIT $limit
