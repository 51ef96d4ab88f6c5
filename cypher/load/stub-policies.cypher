// Creates placeholder policies for events that reference a policy the store does not know. A stub takes the
// event's holder (so a later real policy row can correct it) and is held by that holder.
// rows: [{id, holder_id}]
// params: $rows
UNWIND $rows AS row
MERGE (p:Policy {policy_id: row.id})
ON CREATE SET p.is_stub = true, p.holder_id = row.holder_id
WITH p, row
WHERE row.holder_id IS NOT NULL AND p.is_stub = true AND p.holder_id = row.holder_id
MERGE (h:Policyholder {holder_id: row.holder_id}) ON CREATE SET h.is_stub = true
MERGE (h)-[:HOLDS]->(p)
RETURN count(p) AS stubs
