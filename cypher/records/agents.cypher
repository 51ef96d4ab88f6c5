// Evidence packages: the agents who sold the policies of the named policyholders (SOLD points from the agent
// the policy row names), with all their properties; an agent only referenced by a policy is a stub (id only).
// params: $ids
UNWIND $ids AS holderId
MATCH (:Policyholder {holder_id: holderId})-[:HOLDS]->(:Policy)<-[:SOLD]-(a:Agent)
RETURN DISTINCT a.agent_id AS id, properties(a) AS props
