// Explorer: how many distinct holders hold a policy the agent sold.
// params: $agentId
MATCH (:Agent {agent_id: $agentId})-[:SOLD]->(:Policy)<-[:HOLDS]-(h:Policyholder)
RETURN count(DISTINCT h) AS total
