// Which policyholders had their phone changed to a number that at least $minOthers OTHER holders also use?
// A ring that takes over contact details points many victims' records at a few phones it controls; a number
// shared through registrations alone (a family, a company switchboard) does not show up here unless someone's
// phone was changed TO it.
// Parameters: $minOthers (integer, e.g. 3): how many other holders must share the number.
// Returns one row per (holder, number), most-shared numbers first.
// params: $minOthers
MATCH (h:Policyholder)-[changed:LINKED_TO {evidence: 'changed_to'}]->(phone:Phone)
MATCH (phone)<-[:LINKED_TO]-(other:Policyholder)
WHERE other <> h
WITH h, phone, min(changed.at) AS changed_at, count(DISTINCT other) AS others
WHERE others >= $minOthers
RETURN h.holder_id AS holder, phone.value AS phone, changed_at, others
ORDER BY others DESC, phone, holder
