// Whether a batched load's journal lists the batch that starts at record $from (load/batch-done.cypher): a batch
// whose request was retried and met records it creates already there had committed on an earlier try.
// params: $fingerprint, $from
MATCH (l:Load {fingerprint: $fingerprint})
RETURN $from IN l.done_from AS listed
