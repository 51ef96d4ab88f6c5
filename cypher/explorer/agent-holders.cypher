// Explorer: one page of the holders whose policies an agent sold (in holder id order, the store's stable holder
// order), with those policies and their issue dates; one row per policy, grouped by the store. The total comes
// from explorer/agent-holder-count.cypher in the same request.
// params: $agentId, $skip, $take
MATCH (a:Agent {agent_id: $agentId})-[:SOLD]->(:Policy)<-[:HOLDS]-(h:Policyholder)
WITH DISTINCT a, h
ORDER BY h.holder_id
SKIP $skip
LIMIT $take
MATCH (a)-[:SOLD]->(p:Policy)<-[:HOLDS]-(h)
RETURN h.holder_id AS id, h.name AS name, p.policy_id AS policy_id, p.issued_at AS issued_at
