// Evidence packages: every policy held by the named policyholders (through HOLDS, which always points at the
// holder the policy row names, or at the event's holder for a stub policy), with all its properties.
// params: $ids
UNWIND $ids AS holderId
MATCH (:Policyholder {holder_id: holderId})-[:HOLDS]->(p:Policy)
RETURN p.policy_id AS id, properties(p) AS props
