// The first load into an empty graph: creates policies no earlier batch of this load wrote or referenced, held by
// and sold by the holder and agent the row names (stubs for unknown ids), as load/policies.cypher would but with
// CREATE instead of MERGE and no old relationships to delete. The uniqueness constraint on policy_id still guards
// it: a policy that exists after all fails the batch instead of being duplicated.
// rows: [{id, holder_id, agent_id, props}]
// params: $rows
UNWIND $rows AS row
CREATE (p:Policy)
SET p = row.props, p.policy_id = row.id, p.is_stub = false
FOREACH (holderId IN CASE WHEN row.holder_id IS NULL THEN [] ELSE [row.holder_id] END |
  MERGE (h:Policyholder {holder_id: holderId}) ON CREATE SET h.is_stub = true
  CREATE (h)-[:HOLDS]->(p))
FOREACH (agentId IN CASE WHEN row.agent_id IS NULL THEN [] ELSE [row.agent_id] END |
  MERGE (a:Agent {agent_id: agentId}) ON CREATE SET a.is_stub = true
  CREATE (a)-[:SOLD]->(p))
RETURN count(p) AS written
