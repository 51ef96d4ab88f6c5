// Upserts policyholders, last write wins (SET = replaces every property, so a value that became empty is
// removed). A stub created earlier by a reference becomes the real record. The holder's registered-phone and
// registered-address links are deleted here and re-created by load/link-*.cypher in the same request, so an
// updated holder never keeps a stale edge; `unlinked` tells the loader whether orphan contact points may exist.
// rows: [{id, props}]
// params: $rows
UNWIND $rows AS row
MERGE (h:Policyholder {holder_id: row.id})
SET h = row.props, h.holder_id = row.id, h.is_stub = false
WITH h
OPTIONAL MATCH (h)-[l:LINKED_TO {source_kind: 'policyholder'}]->()
DELETE l
RETURN count(l) AS unlinked
