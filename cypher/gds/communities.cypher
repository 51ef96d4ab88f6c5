// Graph Data Science: the communities written by gds/leiden-write.cypher, as candidate rings: each community
// with its holders and the contact points they share, biggest first. The store reads this after --pushdown.
// A community's contact points are found through its holders' links (a Leiden community is connected, so each
// of its contact points links to one of its holders): linear in the links, where matching every contact point
// by its community property would scan all contact points once per community.
// Parameters: $minHolders (integer, e.g. 3): smallest community worth scoring.
// params: $minHolders
MATCH (h:Policyholder)
WHERE h.community IS NOT NULL
WITH h.community AS community, collect(h) AS members
WHERE size(members) >= $minHolders
UNWIND members AS h
OPTIONAL MATCH (h)-[:LINKED_TO]->(c:ContactPoint)
WHERE c.community = community
WITH community, members, collect(DISTINCT c.kind + ':' + c.value) AS contact_points
RETURN community, [m IN members | m.holder_id] AS holders, contact_points
ORDER BY size(holders) DESC, community
