// Explorer search by a masked phone (138****5678): holders linked by any evidence to a phone number that starts
// with $prefix, ends with $suffix and has $length digits; by holder id, at most $limit. The prefix is a range
// seek on the Phone value index; the suffix and length filter what it finds.
// params: $prefix, $suffix, $length, $limit
MATCH (c:Phone)
WHERE c.value STARTS WITH $prefix AND c.value ENDS WITH $suffix AND size(c.value) = $length
MATCH (c)<-[:LINKED_TO]-(h:Policyholder)
RETURN DISTINCT h.holder_id AS id, h.name AS name
ORDER BY id
LIMIT $limit
