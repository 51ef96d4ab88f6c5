// Upserts Complaint records, last write wins, and ties each to the holder it is attributed to (its own, else
// its policy's: computed by the loader) with (:Policyholder)-[:FILED]->(e) and to its policy with
// (e)-[:ON_POLICY]->(:Policy), creating stubs for unknown ids. The links the record produced before are deleted
// first (found through its previous holder) and re-created by load/link-*.cypher in the same request; the
// event's own relationships are deleted and CREATEd again (cheaper than MERGE, and equally idempotent).
// rows: [{id, holder, policy_id, props}]
// params: $rows
UNWIND $rows AS row
OPTIONAL MATCH (:Complaint {complaint_id: row.id})<-[:FILED]-(:Policyholder)-[l:LINKED_TO {source_kind: 'complaint', source_id: row.id}]->()
DELETE l
WITH row, count(l) AS unlinked
MERGE (e:Complaint {complaint_id: row.id})
SET e = row.props, e.complaint_id = row.id
WITH e, row, unlinked
OPTIONAL MATCH (e)-[old:ON_POLICY]->()
DELETE old
WITH DISTINCT e, row, unlinked
OPTIONAL MATCH ()-[old:FILED]->(e)
DELETE old
WITH DISTINCT e, row, unlinked
FOREACH (policyId IN CASE WHEN row.policy_id IS NULL THEN [] ELSE [row.policy_id] END |
  MERGE (p:Policy {policy_id: policyId}) ON CREATE SET p.is_stub = true
  CREATE (e)-[:ON_POLICY]->(p))
FOREACH (holderId IN CASE WHEN row.holder IS NULL THEN [] ELSE [row.holder] END |
  MERGE (h:Policyholder {holder_id: holderId}) ON CREATE SET h.is_stub = true
  CREATE (h)-[:FILED]->(e))
RETURN sum(unlinked) AS unlinked
