// Complaint templates (clusters of near-duplicate complaint texts) exist only in the analysis: before their
// MEMBER_OF relationships are written, each gets a (:ComplaintTemplate:ContactPoint) node.
// params: $values
UNWIND $values AS value
MERGE (t:ComplaintTemplate {value: value})
ON CREATE SET t:ContactPoint, t.kind = 'template', t.kind_code = 8
RETURN count(t) AS templates
