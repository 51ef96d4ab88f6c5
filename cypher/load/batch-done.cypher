// Records one batch of a batched load in its journal, as the last statement of the batch's own transaction, so the
// journal never lists a batch the graph lacks. Adding the same batch twice (a retried request) changes nothing.
// params: $fingerprint, $from, $to, $file
MATCH (l:Load {fingerprint: $fingerprint})
WITH l, NOT $from IN l.done_from AS add
SET l.done_from = CASE WHEN add THEN l.done_from + $from ELSE l.done_from END,
    l.done_to = CASE WHEN add THEN l.done_to + $to ELSE l.done_to END,
    l.files = CASE WHEN $file IN l.files THEN l.files ELSE l.files + $file END
RETURN size(l.done_from) AS batches_done
