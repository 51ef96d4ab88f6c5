// Uniqueness constraints for every node key, Neo4j 3.x and 4.0-4.3 syntax (each also creates the index that
// MERGE uses). Re-running is harmless: 3.x accepts an identical existing constraint.
// Run by the store at start, in its own request (schema and data never share a transaction).
// lint: neo4j-3 (CREATE CONSTRAINT ON ... ASSERT was removed in Neo4j 5; the store runs this file only on 3.x-4.3)
// params: none
CREATE CONSTRAINT ON (n:Policyholder) ASSERT n.holder_id IS UNIQUE;
CREATE CONSTRAINT ON (n:Agent) ASSERT n.agent_id IS UNIQUE;
CREATE CONSTRAINT ON (n:Policy) ASSERT n.policy_id IS UNIQUE;
CREATE CONSTRAINT ON (n:ContactChange) ASSERT n.change_id IS UNIQUE;
CREATE CONSTRAINT ON (n:SurrenderRequest) ASSERT n.request_id IS UNIQUE;
CREATE CONSTRAINT ON (n:Complaint) ASSERT n.complaint_id IS UNIQUE;
CREATE CONSTRAINT ON (n:Phone) ASSERT n.value IS UNIQUE;
CREATE CONSTRAINT ON (n:BankAccount) ASSERT n.value IS UNIQUE;
CREATE CONSTRAINT ON (n:Address) ASSERT n.value IS UNIQUE;
CREATE CONSTRAINT ON (n:Email) ASSERT n.value IS UNIQUE;
CREATE CONSTRAINT ON (n:Device) ASSERT n.value IS UNIQUE;
CREATE CONSTRAINT ON (n:IpAddress) ASSERT n.value IS UNIQUE;
CREATE CONSTRAINT ON (n:Representative) ASSERT n.value IS UNIQUE;
CREATE CONSTRAINT ON (n:ComplaintTemplate) ASSERT n.value IS UNIQUE;
CREATE CONSTRAINT ON (n:Ring) ASSERT n.ring_key IS UNIQUE;
CREATE CONSTRAINT ON (n:AnalysisRun) ASSERT n.run_id IS UNIQUE;
CREATE CONSTRAINT ON (n:Load) ASSERT n.fingerprint IS UNIQUE;
CREATE CONSTRAINT ON (n:AuditEntry) ASSERT n.seq IS UNIQUE;
CREATE CONSTRAINT ON (n:AuditLog) ASSERT n.name IS UNIQUE;
