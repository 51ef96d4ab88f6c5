// Explorer: how many distinct holders link to each of the given contact points, in the order given (0 for an
// unknown one). A contact point is found by its kind's own label and value, so every lookup is a seek on that
// label's uniqueness constraint (a label cannot be a parameter, hence one OPTIONAL MATCH per kind; only the one
// whose kind_code matches can find anything).
// points: [{kind: kind_code (1 phone .. 7 representative), value}]
// params: $points
UNWIND range(0, size($points) - 1) AS i
WITH i, $points[i].kind AS kind, $points[i].value AS value
OPTIONAL MATCH (phone:Phone {value: value}) WHERE kind = 1
OPTIONAL MATCH (bank:BankAccount {value: value}) WHERE kind = 2
OPTIONAL MATCH (address:Address {value: value}) WHERE kind = 3
OPTIONAL MATCH (email:Email {value: value}) WHERE kind = 4
OPTIONAL MATCH (device:Device {value: value}) WHERE kind = 5
OPTIONAL MATCH (ip:IpAddress {value: value}) WHERE kind = 6
OPTIONAL MATCH (rep:Representative {value: value}) WHERE kind = 7
WITH i, coalesce(phone, bank, address, email, device, ip, rep) AS c
OPTIONAL MATCH (c)<-[:LINKED_TO]-(h:Policyholder)
RETURN i, count(DISTINCT h) AS holders
ORDER BY i
