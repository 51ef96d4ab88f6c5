using Graph.Core;
using Microsoft.Data.Sqlite;
using static Graph.Storage.Sqlite.SqliteCommands;
using static Graph.Storage.Sqlite.SqliteValues;
using static Graph.Storage.StoredWords;

namespace Graph.Storage.Sqlite;

/// <summary>
/// Analysis runs in the SQLite file: <c>runs</c>, <c>rings</c>, <c>ring_members</c>, <c>ring_reasons</c> (the
/// supporting record ids as a JSON array), <c>ring_changes</c>, <c>value_roles</c> and <c>value_role_counts</c>. List order is kept in <c>ordinal</c> columns so
/// a run reads back exactly as it was saved.
/// </summary>
internal static class SqliteAnalysisStore
{
    public static void Save(SqliteConnection connection, AnalysisRun run)
    {
        using var tx = connection.BeginTransaction(deferred: false);
        using (var exists = Command(connection, tx, "SELECT COUNT(*) FROM runs WHERE run_id = $p0", run.RunId))
        {
            if ((long)exists.ExecuteScalar()! > 0)
                throw new InvalidOperationException($"Analysis run '{run.RunId}' is already saved; runs are history and are never replaced. Use a new run id.");
        }

        int flagged = 0;
        foreach (var ring in run.Rings) if (ring.Flagged) flagged++;
        long seq;
        using (var insert = Command(connection, tx, """
            INSERT INTO runs(run_id, started_at, input_fingerprint, parameters_json, rings, flagged, saved_at)
            VALUES($p0, $p1, $p2, $p3, $p4, $p5, $p6) RETURNING seq
            """, run.RunId, FormatTime(run.StartedAt), run.InputFingerprint, run.ParametersJson, run.Rings.Count, flagged,
            FormatTime(DateTimeOffset.UtcNow)))
        {
            seq = (long)insert.ExecuteScalar()!;
        }

        using var ringCmd = new PreparedStatement(connection, """
            INSERT INTO rings(run_seq, ring_id, ordinal, score, flagged, holders, controllers, surrender_amount, first_seen, last_seen)
            VALUES($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9)
            """, 10, tx);
        using var memberCmd = new PreparedStatement(connection, """
            INSERT INTO ring_members(run_seq, ring_id, ordinal, entity_type, entity_id, role, evidence_count)
            VALUES($p0, $p1, $p2, $p3, $p4, $p5, $p6)
            """, 7, tx);
        using var reasonCmd = new PreparedStatement(connection, """
            INSERT INTO ring_reasons(run_seq, ring_id, ordinal, code, description, weight, value, contribution, supporting_records, observed, expected, chance)
            VALUES($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10, $p11)
            """, 12, tx);
        using var changeCmd = new PreparedStatement(connection, """
            INSERT INTO ring_changes(run_seq, ordinal, ring_id, lineage, previous_ring_ids) VALUES($p0, $p1, $p2, $p3, $p4)
            """, 5, tx);

        for (int r = 0; r < run.Rings.Count; r++)
        {
            var ring = run.Rings[r];
            ringCmd.Set(0, seq); ringCmd.Set(1, ring.RingId); ringCmd.Set(2, r); ringCmd.Set(3, ring.Score);
            ringCmd.Set(4, ring.Flagged ? 1 : 0); ringCmd.Set(5, ring.Holders); ringCmd.Set(6, ring.Controllers);
            ringCmd.Set(7, Db(ring.SurrenderAmount)); ringCmd.Set(8, Db(ring.FirstSeen)); ringCmd.Set(9, Db(ring.LastSeen));
            ringCmd.Execute();

            for (int m = 0; m < ring.Members.Count; m++)
            {
                var member = ring.Members[m];
                memberCmd.Set(0, seq); memberCmd.Set(1, ring.RingId); memberCmd.Set(2, m); memberCmd.Set(3, member.EntityType);
                memberCmd.Set(4, member.EntityId); memberCmd.Set(5, Word(member.Role)); memberCmd.Set(6, member.EvidenceCount);
                memberCmd.Execute();
            }
            for (int k = 0; k < ring.Reasons.Count; k++)
            {
                var reason = ring.Reasons[k];
                reasonCmd.Set(0, seq); reasonCmd.Set(1, ring.RingId); reasonCmd.Set(2, k); reasonCmd.Set(3, reason.Code);
                reasonCmd.Set(4, reason.Description); reasonCmd.Set(5, reason.Weight); reasonCmd.Set(6, reason.Value);
                reasonCmd.Set(7, reason.Contribution); reasonCmd.Set(8, ToJsonArray(reason.SupportingRecords));
                reasonCmd.Set(9, reason.Observed); reasonCmd.Set(10, reason.Expected); reasonCmd.Set(11, reason.Chance);
                reasonCmd.Execute();
            }
        }
        for (int c = 0; c < run.Changes.Count; c++)
        {
            var change = run.Changes[c];
            changeCmd.Set(0, seq); changeCmd.Set(1, c); changeCmd.Set(2, change.RingId); changeCmd.Set(3, Word(change.Lineage));
            changeCmd.Set(4, ToJsonArray(change.PreviousRingIds));
            changeCmd.Execute();
        }
        using (var roleCmd = new PreparedStatement(connection, """
            INSERT INTO value_roles(run_seq, ordinal, entity_type, entity_id, role, why, holders, households, takeover_households,
                active_households, own_registrations, cities, top_agent_share, timed_observed, timed_expected, timed_window_days, timed_decades)
            VALUES($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10, $p11, $p12, $p13, $p14, $p15, $p16)
            """, 17, tx))
        {
            for (int v = 0; v < run.ValueRoles.Count; v++)
            {
                var r = run.ValueRoles[v];
                object?[] values = [seq, v, r.EntityType, r.EntityId, r.Role, r.Why, r.Holders, r.Households, r.TakeoverHouseholds,
                    r.ActiveHouseholds, r.OwnRegistrations, r.Cities, r.TopAgentShare, r.TimedObserved, r.TimedExpected, r.TimedWindowDays, r.TimedDecades];
                for (int i = 0; i < values.Length; i++) roleCmd.Set(i, values[i]);
                roleCmd.Execute();
            }
        }
        using (var countCmd = new PreparedStatement(connection, "INSERT INTO value_role_counts(run_seq, ordinal, role, value_count) VALUES($p0, $p1, $p2, $p3)", 4, tx))
        {
            for (int c = 0; c < run.ValueRoleCounts.Count; c++)
            {
                countCmd.Set(0, seq); countCmd.Set(1, c); countCmd.Set(2, run.ValueRoleCounts[c].Role); countCmd.Set(3, run.ValueRoleCounts[c].Values);
                countCmd.Execute();
            }
        }
        tx.Commit();
    }

    /// <summary>Every run, newest first (by start time, then by the order they were saved).</summary>
    public static List<(long Seq, AnalysisRunSummary Summary, string ParametersJson)> List(SqliteConnection connection, SqliteTransaction? tx = null)
    {
        var runs = new List<(long Seq, AnalysisRunSummary Summary, string ParametersJson)>();
        using (var cmd = Command(connection, tx, "SELECT seq, run_id, started_at, input_fingerprint, rings, flagged, parameters_json FROM runs"))
        using (var reader = cmd.ExecuteReader())
        {
            while (reader.Read())
            {
                runs.Add((reader.GetInt64(0),
                    new AnalysisRunSummary(reader.GetString(1), ParseTime(reader.GetString(2)), reader.GetString(3), reader.GetInt32(4), reader.GetInt32(5)),
                    reader.GetString(6)));
            }
        }
        runs.Sort(static (a, b) =>
        {
            int c = b.Summary.StartedAt.UtcTicks.CompareTo(a.Summary.StartedAt.UtcTicks);
            return c != 0 ? c : b.Seq.CompareTo(a.Seq);
        });
        return runs;
    }

    public static AnalysisRun? ReadLatest(SqliteConnection connection)
    {
        using var tx = connection.BeginTransaction(deferred: true);
        var runs = List(connection, tx);
        if (runs.Count == 0) return null;
        var (seq, summary, parameters) = runs[0];

        var members = new Dictionary<string, List<RingMember>>(StringComparer.Ordinal);
        using (var cmd = Command(connection, tx, "SELECT ring_id, entity_type, entity_id, role, evidence_count FROM ring_members WHERE run_seq = $p0 ORDER BY ring_id, ordinal", seq))
        using (var reader = cmd.ExecuteReader())
        {
            while (reader.Read())
                ListFor(members, reader.GetString(0)).Add(new RingMember(reader.GetString(1), reader.GetString(2), MemberRoleOf(reader.GetString(3)), reader.GetInt32(4)));
        }

        var reasons = new Dictionary<string, List<RingReason>>(StringComparer.Ordinal);
        using (var cmd = Command(connection, tx, "SELECT ring_id, code, description, weight, value, contribution, supporting_records, observed, expected, chance FROM ring_reasons WHERE run_seq = $p0 ORDER BY ring_id, ordinal", seq))
        using (var reader = cmd.ExecuteReader())
        {
            while (reader.Read())
                ListFor(reasons, reader.GetString(0)).Add(new RingReason(reader.GetString(1), reader.GetString(2), reader.GetDouble(3),
                    reader.GetDouble(4), reader.GetDouble(5), FromJsonArray(reader.GetString(6)))
                {
                    Observed = reader.IsDBNull(7) ? null : reader.GetDouble(7),
                    Expected = reader.IsDBNull(8) ? null : reader.GetDouble(8),
                    Chance = reader.IsDBNull(9) ? null : reader.GetDouble(9),
                });
        }

        var rings = new List<Ring>();
        using (var cmd = Command(connection, tx, """
            SELECT ring_id, score, flagged, holders, controllers, surrender_amount, first_seen, last_seen
            FROM rings WHERE run_seq = $p0 ORDER BY ordinal
            """, seq))
        using (var reader = cmd.ExecuteReader())
        {
            while (reader.Read())
            {
                var id = reader.GetString(0);
                rings.Add(new Ring(id, reader.GetDouble(1), reader.GetInt64(2) != 0, reader.GetInt32(3), reader.GetInt32(4),
                    ParseMoney(reader.GetString(5)),
                    reader.IsDBNull(6) ? null : ParseTime(reader.GetString(6)),
                    reader.IsDBNull(7) ? null : ParseTime(reader.GetString(7)),
                    reasons.TryGetValue(id, out var rs) ? rs : [],
                    members.TryGetValue(id, out var ms) ? ms : []));
            }
        }

        var changes = new List<RingChange>();
        using (var cmd = Command(connection, tx, "SELECT ring_id, lineage, previous_ring_ids FROM ring_changes WHERE run_seq = $p0 ORDER BY ordinal", seq))
        using (var reader = cmd.ExecuteReader())
        {
            while (reader.Read())
                changes.Add(new RingChange(reader.GetString(0), RingLineageOf(reader.GetString(1)), FromJsonArray(reader.GetString(2))));
        }
        var roles = new List<SharedValueRole>();
        using (var cmd = Command(connection, tx, """
            SELECT entity_type, entity_id, role, why, holders, households, takeover_households, active_households, own_registrations, cities,
                   top_agent_share, timed_observed, timed_expected, timed_window_days, timed_decades
            FROM value_roles WHERE run_seq = $p0 ORDER BY ordinal
            """, seq))
        using (var reader = cmd.ExecuteReader())
        {
            while (reader.Read())
                roles.Add(new SharedValueRole(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                    reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7), reader.GetInt32(8), reader.GetInt32(9), reader.GetDouble(10),
                    reader.GetInt32(11), reader.GetDouble(12), reader.GetInt32(13), reader.GetDouble(14)));
        }
        var roleCounts = new List<ValueRoleCount>();
        using (var cmd = Command(connection, tx, "SELECT role, value_count FROM value_role_counts WHERE run_seq = $p0 ORDER BY ordinal", seq))
        using (var reader = cmd.ExecuteReader())
        {
            while (reader.Read()) roleCounts.Add(new ValueRoleCount(reader.GetString(0), reader.GetInt32(1)));
        }
        tx.Commit();
        return new AnalysisRun(summary.RunId, summary.StartedAt, summary.InputFingerprint, parameters, rings, changes) { ValueRoles = roles, ValueRoleCounts = roleCounts };
    }
}
