// Which terminated agents have former clients who, after the agent left, surrendered through the same
// contact points (a payout account, a contact phone, a representative)? A terminated agent who still
// steers their old book is a classic insider source of agent-refund rings.
// Parameters: $minClients (integer, e.g. 3): how many distinct former clients must share the contact point.
// Returns one row per (agent, shared contact point), with up to 20 of the clients.
// params: $minClients
MATCH (a:Agent {status: 'terminated'})-[:SOLD]->(:Policy)<-[:HOLDS]-(h:Policyholder)-[:REQUESTED]->(s:SurrenderRequest)
WHERE s.requested_at_ms >= a.terminated_at_ms
MATCH (h)-[l:LINKED_TO {source_id: s.request_id}]->(c:ContactPoint)
WHERE l.source_kind = 'surrender_request'
WITH a, c, collect(DISTINCT h.holder_id) AS clients, sum(toFloat(s.amount)) AS amount
WHERE size(clients) >= $minClients
RETURN a.agent_id AS agent, a.terminated_at AS terminated_at, c.kind AS kind, c.value AS contact_point,
       size(clients) AS clients_sharing, amount AS surrendered_amount, clients[0..20] AS clients
ORDER BY clients_sharing DESC, agent
