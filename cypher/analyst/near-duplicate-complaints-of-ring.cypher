// Which complaints filed by a ring's victims are near-duplicates of each other (templated "mis-selling, full
// refund" letters)? Compares every pair of complaint texts by the overlap of their character bigrams (an
// approximate Jaccard similarity; Chinese text has no word boundaries). The analysis itself uses MinHash over
// shingles; this query lets an analyst check one ring by hand.
// Parameters: $ringId (e.g. 'R-000123'); $minSimilarity (0..1, e.g. 0.6).
// params: $ringId, $minSimilarity
MATCH (g:Ring {ring_id: $ringId})-[:FOUND_IN]->(run:AnalysisRun)
WITH g, run
ORDER BY run.started_at_ms DESC, run.seq DESC
LIMIT 1
MATCH (h:Policyholder)-[:MEMBER_OF]->(g)
MATCH (h)-[:FILED]->(c:Complaint)
WHERE c.text IS NOT NULL AND size(c.text) > 2
WITH collect(c) AS complaints
UNWIND range(0, size(complaints) - 2) AS i
UNWIND range(i + 1, size(complaints) - 1) AS j
WITH complaints[i] AS a, complaints[j] AS b
WITH a, b,
     [k IN range(0, size(a.text) - 2) | substring(a.text, k, 2)] AS bigramsA,
     [k IN range(0, size(b.text) - 2) | substring(b.text, k, 2)] AS bigramsB
WITH a, b, bigramsA, bigramsB, size([x IN bigramsA WHERE x IN bigramsB]) AS shared
WITH a, b, toFloat(shared) / (size(bigramsA) + size(bigramsB) - shared) AS similarity
WHERE similarity >= $minSimilarity
RETURN a.complaint_id AS complaint_a, b.complaint_id AS complaint_b, round(similarity * 100) / 100.0 AS similarity,
       a.filed_at AS filed_a, b.filed_at AS filed_b, a.channel AS channel_a, b.channel AS channel_b
ORDER BY similarity DESC, complaint_a, complaint_b
