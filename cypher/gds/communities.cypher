// Graph Data Science: the communities written by gds/leiden-write.cypher, as candidate rings: each community
// with its holders and the contact points they share, biggest first. The store reads this after --pushdown.
// Parameters: $minHolders (integer, e.g. 3): smallest community worth scoring.
// params: $minHolders
MATCH (h:Policyholder)
WHERE h.community IS NOT NULL
WITH h.community AS community, collect(h.holder_id) AS holders
WHERE size(holders) >= $minHolders
OPTIONAL MATCH (c:ContactPoint {community: community})
RETURN community, holders, collect(c.kind + ':' + c.value) AS contact_points
ORDER BY size(holders) DESC, community
