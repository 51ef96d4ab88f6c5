// Graph Data Science before 2.4: the same as gds/leiden-write.cypher through gds.beta.leiden.write.
// Parameters: $graphName; $gamma (resolution); $seed (integer).
// params: $graphName, $gamma, $seed
CALL gds.beta.leiden.write($graphName, {writeProperty: 'community', gamma: $gamma, randomSeed: $seed, concurrency: 1})
YIELD communityCount, modularity, nodePropertiesWritten
RETURN communityCount, modularity, nodePropertiesWritten
