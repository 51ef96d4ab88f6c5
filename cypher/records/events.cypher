// Evidence packages: the contact changes, surrender requests and complaints attributed to the named
// policyholders (their own, or naming one of their policies: the loader points CHANGED/REQUESTED/FILED at the
// attributed holder), with all their properties. `kind` is the relationship type.
// params: $ids
UNWIND $ids AS holderId
MATCH (:Policyholder {holder_id: holderId})-[r:CHANGED|REQUESTED|FILED]->(e)
RETURN type(r) AS kind, coalesce(e.change_id, e.request_id, e.complaint_id) AS id, properties(e) AS props
