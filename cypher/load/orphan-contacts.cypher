// Deletes contact points that lost their last link when records were updated (and that no saved ring names),
// so an update leaves the same graph as loading the final data from scratch.
// params: none
MATCH (c:ContactPoint)
WHERE NOT (c)<-[:LINKED_TO]-() AND NOT (c)-[:MEMBER_OF]->()
DELETE c
RETURN count(*) AS deleted
