// Explorer search: holders whose id starts with $prefix, by id, at most $limit (STARTS WITH is a range seek on
// the holder_id uniqueness constraint's index).
// params: $prefix, $limit
MATCH (h:Policyholder)
WHERE h.holder_id STARTS WITH $prefix
RETURN h.holder_id AS id, h.name AS name
ORDER BY id
LIMIT $limit
