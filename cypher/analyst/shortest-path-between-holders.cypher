// The shortest chain linking two policyholders through shared contact points (holder - phone - holder -
// bank account - holder ...), at most 8 links long: how are these two people connected?
// Parameters: $fromHolder, $toHolder (holder ids).
// Returns the path (for Browser) and the chain spelled out, with contact points as kind:value.
// params: $fromHolder, $toHolder
MATCH (a:Policyholder {holder_id: $fromHolder})
MATCH (b:Policyholder {holder_id: $toHolder})
MATCH path = shortestPath((a)-[:LINKED_TO*..8]-(b))
RETURN path,
       length(path) / 2 AS contact_points_between,
       [n IN nodes(path) | coalesce(n.holder_id, n.kind + ':' + n.value)] AS chain
