// Node counts per label, for IGraphStore.GetStatistics (the store puts them in the SQLite store's order).
// params: none
MATCH (n:Policyholder) RETURN 'Policyholder' AS label, count(n) AS count
UNION ALL MATCH (n:Agent) RETURN 'Agent' AS label, count(n) AS count
UNION ALL MATCH (n:Policy) RETURN 'Policy' AS label, count(n) AS count
UNION ALL MATCH (n:ContactChange) RETURN 'ContactChange' AS label, count(n) AS count
UNION ALL MATCH (n:SurrenderRequest) RETURN 'SurrenderRequest' AS label, count(n) AS count
UNION ALL MATCH (n:Complaint) RETURN 'Complaint' AS label, count(n) AS count
UNION ALL MATCH (n:Phone) RETURN 'Phone' AS label, count(n) AS count
UNION ALL MATCH (n:BankAccount) RETURN 'BankAccount' AS label, count(n) AS count
UNION ALL MATCH (n:Address) RETURN 'Address' AS label, count(n) AS count
UNION ALL MATCH (n:Email) RETURN 'Email' AS label, count(n) AS count
UNION ALL MATCH (n:Device) RETURN 'Device' AS label, count(n) AS count
UNION ALL MATCH (n:IpAddress) RETURN 'IpAddress' AS label, count(n) AS count
UNION ALL MATCH (n:Representative) RETURN 'Representative' AS label, count(n) AS count
