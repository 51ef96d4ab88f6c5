// Explorer: for each known holder, how many neighbours it has in the whole graph: the distinct contact points
// it links to plus the distinct agents who sold its policies. Unknown ids give no row.
// params: $ids
UNWIND $ids AS holderId
MATCH (h:Policyholder {holder_id: holderId})
OPTIONAL MATCH (h)-[:LINKED_TO]->(c)
WITH h, count(DISTINCT c) AS contacts
OPTIONAL MATCH (h)-[:HOLDS]->(:Policy)<-[:SOLD]-(a:Agent)
WITH h, contacts, count(DISTINCT a) AS agents
RETURN h.holder_id AS id, contacts + agents AS neighbours
