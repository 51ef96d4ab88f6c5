// The first load into an empty graph: creates policyholders no earlier batch of this load wrote or referenced,
// with their registered-phone and registered-address links, as load/policyholders.cypher would but with CREATE
// instead of MERGE (no lookup, no old links to delete). The uniqueness constraint on holder_id still guards it:
// a holder that exists after all fails the batch instead of being duplicated. Contact points are merged (other
// holders may share them).
// rows: [{id, props, phone: [link], address: [link]}], link: {value, raw, evidence, source_kind, source_id, at, at_ms}
// params: $rows
UNWIND $rows AS row
CREATE (h:Policyholder)
SET h = row.props, h.holder_id = row.id, h.is_stub = false
FOREACH (k IN row.phone |
  MERGE (c:Phone {value: k.value})
  ON CREATE SET c:ContactPoint, c.kind = 'phone', c.kind_code = 1, c.raw = k.raw
  CREATE (h)-[:LINKED_TO {evidence: k.evidence, source_kind: k.source_kind, source_id: k.source_id, at: k.at, at_ms: k.at_ms}]->(c))
FOREACH (k IN row.address |
  MERGE (c:Address {value: k.value})
  ON CREATE SET c:ContactPoint, c.kind = 'address', c.kind_code = 3, c.raw = k.raw
  CREATE (h)-[:LINKED_TO {evidence: k.evidence, source_kind: k.source_kind, source_id: k.source_id, at: k.at, at_ms: k.at_ms}]->(c))
RETURN count(h) AS written
