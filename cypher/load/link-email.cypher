// Creates holder→contact point links to Email nodes (one node per normalized value, merged), each link
// carrying the kind of evidence, the record that supports it and its time. Which column gives which link is
// decided in C# by Graph.Core.ContactLinkExtractor, shared with the SQLite store, so both hold the same edges.
// rows: [{holder, value, raw, evidence, source_kind, source_id, at, at_ms}]
// params: $rows
UNWIND $rows AS row
MATCH (h:Policyholder {holder_id: row.holder})
MERGE (c:Email {value: row.value})
ON CREATE SET c:ContactPoint, c.kind = 'email', c.kind_code = 4, c.raw = row.raw
CREATE (h)-[:LINKED_TO {evidence: row.evidence, source_kind: row.source_kind, source_id: row.source_id, at: row.at, at_ms: row.at_ms}]->(c)
RETURN count(*) AS linked
