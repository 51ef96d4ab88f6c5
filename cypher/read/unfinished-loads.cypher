// Loads that started and have not completed: a batched load that was killed, failed, or is still running. Part of
// its data is in the graph, so analysis refuses to read the graph while one exists and names it instead.
// params: none
MATCH (l:Load)
WHERE l.committed_at IS NULL
RETURN l.fingerprint AS fingerprint, l.source AS source, l.started_at AS started_at,
       size(l.done_from) AS batches_done, l.batch_size AS batch_size, l.files AS files
ORDER BY started_at
