// Graph Data Science / Graph Algorithms procedures the server has (Neo4j 3.x and 4.x).
// params: none
CALL dbms.procedures() YIELD name
WITH name WHERE name STARTS WITH 'gds.'
RETURN name
