// The shortest chain linking two policyholders through shared contact points (holder - phone - holder -
// bank account - holder ...), at most 8 links long: how are these two people connected?
// Parameters: $fromHolder, $toHolder (holder ids).
// Returns the path (for Browser) and the chain spelled out, with contact points as kind:value; no row when the
// two are not connected within 8 links.
// Why the relationship type is a predicate and not written as [:LINKED_TO*..8]: Neo4j 3.1's Cypher runtime
// (Scala 2.11 bytecode) builds a typed shortestPath through RelationshipType.withName, a static interface
// method that it calls with a plain Methodref; Java 9+ rejects that ("IncompatibleClassChangeError: ... must be
// InterfaceMethodref constant"), so on the 3.1.1 test server under Java 17 the typed form fails. An untyped
// shortestPath never calls it, and this all() predicate is evaluated during the breadth-first search on 3.1 and
// 5.x alike (it prunes other relationship types while searching, it does not filter afterwards).
// params: $fromHolder, $toHolder
MATCH (a:Policyholder {holder_id: $fromHolder})
MATCH (b:Policyholder {holder_id: $toHolder})
MATCH path = shortestPath((a)-[*..8]-(b))
WHERE all(r IN relationships(path) WHERE type(r) = 'LINKED_TO')
RETURN path,
       length(path) / 2 AS contact_points_between,
       [n IN nodes(path) | coalesce(n.holder_id, n.kind + ':' + n.value)] AS chain
