// The policies held by one page of holders, for the analysis snapshot.
// params: $ids
UNWIND $ids AS holderId
MATCH (:Policyholder {holder_id: holderId})-[:HOLDS]->(p:Policy)
RETURN p.policy_id AS id, holderId AS holder, p.agent_id AS agent_id, p.status AS status,
       p.premium AS premium, p.issued_at AS issued_at
