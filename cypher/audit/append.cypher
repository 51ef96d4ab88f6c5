// Appends one entry to the audit log as a new (:AuditEntry) node: who did what with personal data, when, to
// which ring, why, and the SHA-256 of what they took away. Entries are only ever CREATEd, never merged,
// updated or deleted. `seq` numbers them in the order they were written; its uniqueness constraint makes two
// writers that raced for the same number fail one of them (the store retries it) instead of sharing it.
// entry: {at, at_ms, operator, action, ring_id, reason, package_sha256} (nulls are left out)
// params: $entry
OPTIONAL MATCH (previous:AuditEntry)
WITH coalesce(max(previous.seq), 0) + 1 AS seq
CREATE (a:AuditEntry)
SET a = $entry, a.seq = seq
RETURN a.seq AS seq
