// Graph Data Science: Leiden communities of the projected graph (Traag, Waltman and van Eck, 2019), written
// back as the `community` property. GDS 2.x has gds.leiden.write; on older GDS use gds/leiden-write-beta.cypher.
// Parameters: $graphName; $gamma (resolution, e.g. 1.0); $seed (integer, for repeatable runs).
// params: $graphName, $gamma, $seed
CALL gds.leiden.write($graphName, {writeProperty: 'community', gamma: $gamma, randomSeed: $seed, concurrency: 1})
YIELD communityCount, modularity, nodePropertiesWritten
RETURN communityCount, modularity, nodePropertiesWritten
