// Upserts sales agents, last write wins; a stub created by a policy's reference becomes the real record.
// rows: [{id, props}]
// params: $rows
UNWIND $rows AS row
MERGE (a:Agent {agent_id: row.id})
SET a = row.props, a.agent_id = row.id, a.is_stub = false
RETURN count(a) AS written
