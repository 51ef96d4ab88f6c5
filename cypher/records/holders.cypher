// Evidence packages: the full stored record of each named policyholder (every property, so the C# side can
// rebuild the Policyholder exactly, extras included). Unknown ids give no row; stubs give their id only.
// params: $ids
UNWIND $ids AS holderId
MATCH (h:Policyholder {holder_id: holderId})
RETURN h.holder_id AS id, properties(h) AS props
