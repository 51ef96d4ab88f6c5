// Which contact changes were followed by a surrender request of the same holder within $days days?
// "Take over the contact details, then cash the policy out" is the core move of agent-refund fraud; the
// shorter the gap, the more suspicious. Uses the *_ms epoch properties, so it runs on Neo4j 3.x too.
// Parameters: $days (integer or float, e.g. 30).
// Returns one row per (change, surrender) pair, shortest gap first.
// params: $days
MATCH (h:Policyholder)-[:CHANGED]->(c:ContactChange)
MATCH (h)-[:REQUESTED]->(s:SurrenderRequest)
WHERE s.requested_at_ms >= c.changed_at_ms
  AND s.requested_at_ms - c.changed_at_ms <= $days * 86400000
RETURN h.holder_id AS holder, c.change_id AS change_id, c.field AS field, c.channel AS change_channel,
       c.changed_at AS changed_at, s.request_id AS request_id, s.requested_at AS requested_at,
       s.amount AS amount, round((s.requested_at_ms - c.changed_at_ms) / 3600000.0) / 24.0 AS days_between
ORDER BY days_between, holder
