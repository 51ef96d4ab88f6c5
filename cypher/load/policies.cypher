// Upserts policies, last write wins, and re-points (:Policyholder)-[:HOLDS]->(p) and (:Agent)-[:SOLD]->(p)
// to the holder and agent the row names, creating stub holders and agents for unknown ids. The old
// relationships are deleted first, so the new ones are CREATEd: a MERGE would scan the agent's SOLD
// relationships (thousands per agent) for every policy and make a large load quadratic.
// rows: [{id, holder_id, agent_id, props}]
// params: $rows
UNWIND $rows AS row
MERGE (p:Policy {policy_id: row.id})
SET p = row.props, p.policy_id = row.id, p.is_stub = false
WITH p, row
OPTIONAL MATCH (p)<-[old:HOLDS|SOLD]-()
DELETE old
WITH DISTINCT p, row
FOREACH (holderId IN CASE WHEN row.holder_id IS NULL THEN [] ELSE [row.holder_id] END |
  MERGE (h:Policyholder {holder_id: holderId}) ON CREATE SET h.is_stub = true
  CREATE (h)-[:HOLDS]->(p))
FOREACH (agentId IN CASE WHEN row.agent_id IS NULL THEN [] ELSE [row.agent_id] END |
  MERGE (a:Agent {agent_id: agentId}) ON CREATE SET a.is_stub = true
  CREATE (a)-[:SOLD]->(p))
RETURN count(p) AS written
