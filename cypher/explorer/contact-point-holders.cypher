// Explorer: one page of the holders linked to a contact point (in holder id order, the store's stable holder
// order), each with every LINKED_TO record between them; one row per link, grouped by the store. The total
// comes from explorer/contact-point-holder-counts.cypher in the same request. The contact point is found as
// there: by its kind's label and value (kind_code 1 phone .. 7 representative).
// params: $kind, $value, $skip, $take
WITH $kind AS kind, $value AS value
OPTIONAL MATCH (phone:Phone {value: value}) WHERE kind = 1
OPTIONAL MATCH (bank:BankAccount {value: value}) WHERE kind = 2
OPTIONAL MATCH (address:Address {value: value}) WHERE kind = 3
OPTIONAL MATCH (email:Email {value: value}) WHERE kind = 4
OPTIONAL MATCH (device:Device {value: value}) WHERE kind = 5
OPTIONAL MATCH (ip:IpAddress {value: value}) WHERE kind = 6
OPTIONAL MATCH (rep:Representative {value: value}) WHERE kind = 7
WITH coalesce(phone, bank, address, email, device, ip, rep) AS c
MATCH (c)<-[:LINKED_TO]-(h:Policyholder)
WITH DISTINCT c, h
ORDER BY h.holder_id
SKIP $skip
LIMIT $take
MATCH (h)-[l:LINKED_TO]->(c)
RETURN h.holder_id AS id, h.name AS name, l.evidence AS evidence, l.source_kind AS source_kind, l.source_id AS source_id,
       l.at AS at
