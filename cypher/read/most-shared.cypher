// The contact points shared by the most distinct holders (ties by kind, then value), for GetStatistics.
// params: $top
MATCH (c:ContactPoint)<-[:LINKED_TO]-(h:Policyholder)
WITH c, count(DISTINCT h) AS holders
RETURN c.kind_code AS kind, c.value AS value, holders
ORDER BY holders DESC, kind, value
LIMIT $top
