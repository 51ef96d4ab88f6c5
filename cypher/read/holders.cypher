// One page of policyholders for the analysis snapshot, in holder id order (keyset paging: pass the last id of
// the previous page as $after, '' for the first page).
// params: $after, $limit
MATCH (h:Policyholder)
WHERE h.holder_id > $after
RETURN h.holder_id AS id, h.name AS name, h.city AS city, h.created_at AS created_at, h.is_stub AS is_stub
ORDER BY id
LIMIT $limit
