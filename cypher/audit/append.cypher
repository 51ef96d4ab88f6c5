// Appends one entry to the audit log as a new (:AuditEntry) node: who did what with personal data, when, to
// which ring, why, and the SHA-256 of what they took away. Entries are only ever CREATEd, never merged,
// updated or deleted. `seq` numbers them in the order they were written. Writers take turns: setting a
// property of the one (:AuditLog) node takes its write lock, which a concurrent writer waits for until this
// transaction ends, so the next number is read only after the previous writer's entry is committed. The
// uniqueness constraints on AuditLog.name and AuditEntry.seq back that up: a writer that still raced fails
// instead of sharing a number (and the store sends it again).
// entry: {at, at_ms, operator, action, ring_id, reason, package_sha256} (nulls are left out)
// params: $entry
MERGE (log:AuditLog {name: 'audit'})
SET log.last_written_at = $entry.at
WITH log
OPTIONAL MATCH (previous:AuditEntry)
WITH coalesce(max(previous.seq), 0) + 1 AS seq
CREATE (a:AuditEntry)
SET a = $entry, a.seq = seq
RETURN a.seq AS seq
