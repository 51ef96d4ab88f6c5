// Graph Data Science procedures the server has (Neo4j 5.x and Aura).
// params: none
SHOW PROCEDURES YIELD name
WHERE name STARTS WITH 'gds.'
RETURN name
