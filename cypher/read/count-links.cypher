// Holder→contact point links per kind of evidence, for IGraphStore.GetStatistics.
// params: none
MATCH (:Policyholder)-[l:LINKED_TO]->()
RETURN l.evidence AS evidence, count(*) AS count
