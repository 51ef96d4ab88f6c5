// The contact changes, surrender requests and complaints attributed to one page of holders, for the analysis
// snapshot. `kind` is the relationship type (CHANGED, REQUESTED, FILED).
// params: $ids
UNWIND $ids AS holderId
MATCH (:Policyholder {holder_id: holderId})-[r:CHANGED|REQUESTED|FILED]->(e)
RETURN holderId AS holder, type(r) AS kind, coalesce(e.change_id, e.request_id, e.complaint_id) AS id,
       e.policy_id AS policy_id, coalesce(e.changed_at, e.requested_at, e.filed_at) AS at,
       e.amount AS amount, e.field AS field, e.channel AS channel, e.text AS text
