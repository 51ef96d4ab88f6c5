// Upserts policyholders, last write wins (SET = replaces every property, so a value that became empty is
// removed), with their registered-phone and registered-address links in the same statement. A stub created
// earlier by a reference becomes the real record. The holder's old links from its own row are deleted first and
// the row's links created again, so an updated holder never keeps a stale edge; `unlinked` tells the loader
// whether orphan contact points may exist. Writing the links here rather than in load/link-*.cypher saves
// looking each holder up again (docs/benchmarks.md, issue 12).
// rows: [{id, props, phone: [link], address: [link]}], link: {value, raw, evidence, source_kind, source_id, at, at_ms}
// params: $rows
UNWIND $rows AS row
MERGE (h:Policyholder {holder_id: row.id})
SET h = row.props, h.holder_id = row.id, h.is_stub = false
WITH h, row
OPTIONAL MATCH (h)-[l:LINKED_TO {source_kind: 'policyholder'}]->()
DELETE l
WITH h, row, count(l) AS unlinked
FOREACH (k IN row.phone |
  MERGE (c:Phone {value: k.value})
  ON CREATE SET c:ContactPoint, c.kind = 'phone', c.kind_code = 1, c.raw = k.raw
  CREATE (h)-[:LINKED_TO {evidence: k.evidence, source_kind: k.source_kind, source_id: k.source_id, at: k.at, at_ms: k.at_ms}]->(c))
FOREACH (k IN row.address |
  MERGE (c:Address {value: k.value})
  ON CREATE SET c:ContactPoint, c.kind = 'address', c.kind_code = 3, c.raw = k.raw
  CREATE (h)-[:LINKED_TO {evidence: k.evidence, source_kind: k.source_kind, source_id: k.source_id, at: k.at, at_ms: k.at_ms}]->(c))
RETURN sum(unlinked) AS unlinked
