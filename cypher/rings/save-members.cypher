// Writes (member)-[:MEMBER_OF {role, evidence_count, run_id}]->(:Ring) for each ring member, finding the member
// node by its entity type (holder, agent, or a contact point kind) and id. Members the graph does not hold are
// skipped here; the run's JSON on (:AnalysisRun) still has them.
// rows: [{ring_key, entity_type, entity_id, role, evidence_count, run_id}]
// params: $rows
UNWIND $rows AS row
MATCH (g:Ring {ring_key: row.ring_key})
OPTIONAL MATCH (holder:Policyholder {holder_id: row.entity_id}) WHERE row.entity_type = 'holder'
OPTIONAL MATCH (agent:Agent {agent_id: row.entity_id}) WHERE row.entity_type = 'agent'
OPTIONAL MATCH (phone:Phone {value: row.entity_id}) WHERE row.entity_type = 'phone'
OPTIONAL MATCH (account:BankAccount {value: row.entity_id}) WHERE row.entity_type = 'bank_account'
OPTIONAL MATCH (address:Address {value: row.entity_id}) WHERE row.entity_type = 'address'
OPTIONAL MATCH (email:Email {value: row.entity_id}) WHERE row.entity_type = 'email'
OPTIONAL MATCH (device:Device {value: row.entity_id}) WHERE row.entity_type = 'device'
OPTIONAL MATCH (ip:IpAddress {value: row.entity_id}) WHERE row.entity_type = 'ip'
OPTIONAL MATCH (representative:Representative {value: row.entity_id}) WHERE row.entity_type = 'representative'
OPTIONAL MATCH (template:ComplaintTemplate {value: row.entity_id}) WHERE row.entity_type = 'template'
WITH g, row, coalesce(holder, agent, phone, account, address, email, device, ip, representative, template) AS member
WHERE member IS NOT NULL
MERGE (member)-[m:MEMBER_OF]->(g)
SET m.role = row.role, m.evidence_count = row.evidence_count, m.run_id = row.run_id
RETURN count(m) AS members
