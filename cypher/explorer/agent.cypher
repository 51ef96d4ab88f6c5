// Explorer: one agent's full record (every property), or no row when the id is unknown; an agent only named
// by a policy is a stub (its id and is_stub only).
// params: $agentId
MATCH (a:Agent {agent_id: $agentId})
RETURN a.agent_id AS id, properties(a) AS props
