// Uniqueness constraints for every node key, Neo4j 4.4 / 5.x / Aura syntax (each also creates the range index
// that MERGE uses). IF NOT EXISTS makes re-running harmless.
// Run by the store at start, in its own request (schema and data never share a transaction).
// params: none
CREATE CONSTRAINT policyholder_holder_id_unique IF NOT EXISTS FOR (n:Policyholder) REQUIRE n.holder_id IS UNIQUE;
CREATE CONSTRAINT agent_agent_id_unique IF NOT EXISTS FOR (n:Agent) REQUIRE n.agent_id IS UNIQUE;
CREATE CONSTRAINT policy_policy_id_unique IF NOT EXISTS FOR (n:Policy) REQUIRE n.policy_id IS UNIQUE;
CREATE CONSTRAINT contact_change_change_id_unique IF NOT EXISTS FOR (n:ContactChange) REQUIRE n.change_id IS UNIQUE;
CREATE CONSTRAINT surrender_request_request_id_unique IF NOT EXISTS FOR (n:SurrenderRequest) REQUIRE n.request_id IS UNIQUE;
CREATE CONSTRAINT complaint_complaint_id_unique IF NOT EXISTS FOR (n:Complaint) REQUIRE n.complaint_id IS UNIQUE;
CREATE CONSTRAINT phone_value_unique IF NOT EXISTS FOR (n:Phone) REQUIRE n.value IS UNIQUE;
CREATE CONSTRAINT bank_account_value_unique IF NOT EXISTS FOR (n:BankAccount) REQUIRE n.value IS UNIQUE;
CREATE CONSTRAINT address_value_unique IF NOT EXISTS FOR (n:Address) REQUIRE n.value IS UNIQUE;
CREATE CONSTRAINT email_value_unique IF NOT EXISTS FOR (n:Email) REQUIRE n.value IS UNIQUE;
CREATE CONSTRAINT device_value_unique IF NOT EXISTS FOR (n:Device) REQUIRE n.value IS UNIQUE;
CREATE CONSTRAINT ip_address_value_unique IF NOT EXISTS FOR (n:IpAddress) REQUIRE n.value IS UNIQUE;
CREATE CONSTRAINT representative_value_unique IF NOT EXISTS FOR (n:Representative) REQUIRE n.value IS UNIQUE;
CREATE CONSTRAINT complaint_template_value_unique IF NOT EXISTS FOR (n:ComplaintTemplate) REQUIRE n.value IS UNIQUE;
CREATE CONSTRAINT ring_ring_key_unique IF NOT EXISTS FOR (n:Ring) REQUIRE n.ring_key IS UNIQUE;
CREATE CONSTRAINT analysis_run_run_id_unique IF NOT EXISTS FOR (n:AnalysisRun) REQUIRE n.run_id IS UNIQUE;
CREATE CONSTRAINT load_fingerprint_unique IF NOT EXISTS FOR (n:Load) REQUIRE n.fingerprint IS UNIQUE;
CREATE CONSTRAINT audit_entry_seq_unique IF NOT EXISTS FOR (n:AuditEntry) REQUIRE n.seq IS UNIQUE;
CREATE CONSTRAINT audit_log_name_unique IF NOT EXISTS FOR (n:AuditLog) REQUIRE n.name IS UNIQUE;
