// The audit log, oldest first (in the order the entries were written).
// params: none
MATCH (a:AuditEntry)
RETURN a.at AS at, a.operator AS operator, a.action AS action, a.ring_id AS ring_id, a.reason AS reason,
       a.package_sha256 AS package_sha256
ORDER BY a.seq
