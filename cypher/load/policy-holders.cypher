// The holder of each known policy, for attributing events that name only a policy.
// params: $ids
UNWIND $ids AS policyId
MATCH (p:Policy {policy_id: policyId})
RETURN p.policy_id AS policy_id, p.holder_id AS holder_id
