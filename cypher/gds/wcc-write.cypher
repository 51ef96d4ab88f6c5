// Graph Data Science: weakly connected components of the projected graph, written back as the `component`
// property of every Policyholder and ContactPoint. Components bound the community search, as in-process.
// Parameters: $graphName (the projection from gds/project.cypher).
// params: $graphName
CALL gds.wcc.write($graphName, {writeProperty: 'component'})
YIELD nodePropertiesWritten, componentCount
RETURN nodePropertiesWritten, componentCount
