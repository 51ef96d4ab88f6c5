// Graph Data Science: frees the in-memory projection $graphName.
// params: $graphName
CALL gds.graph.drop($graphName, false)
YIELD graphName
RETURN graphName
