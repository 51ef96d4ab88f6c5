// Opens the journal of a batched load, or reopens it to resume: one (:Load) node per input fingerprint. A new load
// starts with no batch done; an unfinished one keeps the batches committed so far, which the loader skips. A load
// that had completed and is run again starts over. done_from/done_to are the record ranges [from, to) of the
// committed batches (records counted in the order the loader hands them over), files the input files they came
// from; committed_at stays null until the whole load has committed (read/has-loaded.cypher, read/unfinished-loads.cypher).
// graph_empty: the graph holds nothing but load journals, so this is a first load and records it has not written
// yet can be created instead of merged (load/new-*.cypher).
// params: $fingerprint, $source, $started_at, $batch_size
OPTIONAL MATCH (n)
WHERE NOT n:Load
WITH n LIMIT 1
MERGE (l:Load {fingerprint: $fingerprint})
ON CREATE SET l.source = $source, l.started_at = $started_at, l.batch_size = $batch_size, l.done_from = [], l.done_to = [], l.files = [], l.attempts = 0
WITH l, l.committed_at IS NOT NULL AS restart, n IS NULL AS graph_empty
SET l.attempts = l.attempts + 1, l.resumed_at = $started_at,
    l.done_from = CASE WHEN restart THEN [] ELSE l.done_from END,
    l.done_to = CASE WHEN restart THEN [] ELSE l.done_to END,
    l.files = CASE WHEN restart THEN [] ELSE l.files END,
    l.batch_size = CASE WHEN restart THEN $batch_size ELSE l.batch_size END
REMOVE l.committed_at
RETURN l.done_from AS done_from, l.done_to AS done_to, l.batch_size AS batch_size, l.attempts AS attempts, graph_empty
