// The holder→contact point links of one page of holders, for the analysis snapshot.
// params: $ids
UNWIND $ids AS holderId
MATCH (:Policyholder {holder_id: holderId})-[l:LINKED_TO]->(c:ContactPoint)
RETURN holderId AS holder, c.kind_code AS kind, c.value AS value, l.evidence AS evidence,
       l.source_kind AS source_kind, l.source_id AS source_id, l.at AS at
