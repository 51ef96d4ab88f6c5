// Graph Data Science: projects the holder—contact point graph into memory as $graphName, undirected (Leiden
// and WCC need it so), for components and communities computed on the server (--pushdown).
// Requires the GDS library (gds.graph.project: GDS 2.x).
// Parameters: $graphName (e.g. 'fraudgraph').
// params: $graphName
CALL gds.graph.project($graphName, ['Policyholder', 'ContactPoint'], {LINKED_TO: {orientation: 'UNDIRECTED'}})
YIELD graphName, nodeCount, relationshipCount
RETURN graphName, nodeCount, relationshipCount
