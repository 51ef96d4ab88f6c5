// One page of sales agents for the analysis snapshot, in agent id order (keyset paging as read/holders.cypher).
// params: $after, $limit
MATCH (a:Agent)
WHERE a.agent_id > $after
RETURN a.agent_id AS id, a.name AS name, a.status AS status, a.terminated_at AS terminated_at, a.is_stub AS is_stub
ORDER BY id
LIMIT $limit
