using Microsoft.Data.Sqlite;

namespace Graph.Storage.Sqlite;

/// <summary>
/// The schema of the SQLite file as an ordered list of migrations. A file records every migration it has had
/// in <c>schema_version</c>; opening a file applies the missing ones in order, each in its own transaction.
/// Migrations are only ever appended: a released one is never edited.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>Migration n (1-based) is <c>Migrations[n - 1]</c>.</summary>
    public static readonly string[] Migrations =
    [
        // 1: the initial schema.
        //
        // Record tables keep every contract column, raw and normalized side by side (phone_raw, phone), the columns
        // the contract does not name as a JSON object in `extra`, and `is_stub` where a reference can create a
        // placeholder row before (or without) the real one. Record ids are the external keys; holders also get an
        // integer surrogate `hid` because the links table holds millions of references to them.
        // Events keep `holder_id` as the file gave it and `attributed_holder_id`, the holder their links were
        // attributed to (their own, else their policy's).
        // Links are clustered by holder then source record (one b-tree serves "links of a holder" and "links of a
        // record", given the holder its links were attributed to), with one index by contact point; a source record
        // yields each evidence kind at most once, which makes the key unique. Fewer b-trees is what keeps a
        // 2.5-million-link load fast.
        """
        CREATE TABLE holders(
            hid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            name TEXT,
            id_number_raw TEXT, id_number TEXT,
            phone_raw TEXT, phone TEXT,
            address_raw TEXT, address TEXT,
            city TEXT,
            created_at TEXT,
            extra TEXT,
            is_stub INTEGER NOT NULL DEFAULT 0);

        CREATE TABLE agents(
            id TEXT PRIMARY KEY,
            name TEXT,
            phone_raw TEXT, phone TEXT,
            id_number_raw TEXT, id_number TEXT,
            org TEXT,
            status TEXT,
            hired_at TEXT,
            terminated_at TEXT,
            extra TEXT,
            is_stub INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;

        CREATE TABLE policies(
            id TEXT PRIMARY KEY,
            holder_id TEXT,
            agent_id TEXT,
            product TEXT,
            premium TEXT,
            issued_at TEXT,
            status TEXT,
            extra TEXT,
            is_stub INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
        CREATE INDEX policies_by_holder ON policies(holder_id);
        CREATE INDEX policies_by_agent ON policies(agent_id);

        CREATE TABLE contact_changes(
            id TEXT PRIMARY KEY,
            holder_id TEXT,
            policy_id TEXT,
            attributed_holder_id TEXT,
            field TEXT,
            old_value_raw TEXT, old_value TEXT,
            new_value_raw TEXT, new_value TEXT,
            changed_at TEXT,
            channel TEXT,
            ip_raw TEXT, ip TEXT,
            device_id_raw TEXT, device_id TEXT,
            extra TEXT) WITHOUT ROWID;
        CREATE INDEX contact_changes_by_holder ON contact_changes(attributed_holder_id, changed_at);

        CREATE TABLE surrender_requests(
            id TEXT PRIMARY KEY,
            policy_id TEXT,
            holder_id TEXT,
            attributed_holder_id TEXT,
            requested_at TEXT,
            amount TEXT,
            contact_phone_raw TEXT, contact_phone TEXT,
            payout_account_raw TEXT, payout_account TEXT,
            payout_bank TEXT,
            representative_name TEXT,
            representative_id_number_raw TEXT, representative_id_number TEXT,
            representative_phone_raw TEXT, representative_phone TEXT,
            channel TEXT,
            ip_raw TEXT, ip TEXT,
            device_id_raw TEXT, device_id TEXT,
            status TEXT,
            extra TEXT) WITHOUT ROWID;
        CREATE INDEX surrender_requests_by_holder ON surrender_requests(attributed_holder_id, requested_at);

        CREATE TABLE complaints(
            id TEXT PRIMARY KEY,
            policy_id TEXT,
            holder_id TEXT,
            attributed_holder_id TEXT,
            filed_at TEXT,
            channel TEXT,
            contact_phone_raw TEXT, contact_phone TEXT,
            sender_address_raw TEXT, sender_address TEXT,
            representative_name TEXT,
            representative_id_number_raw TEXT, representative_id_number TEXT,
            representative_phone_raw TEXT, representative_phone TEXT,
            demand TEXT,
            text TEXT,
            extra TEXT) WITHOUT ROWID;
        CREATE INDEX complaints_by_holder ON complaints(attributed_holder_id, filed_at);

        CREATE TABLE contact_points(
            id INTEGER PRIMARY KEY,
            kind INTEGER NOT NULL,
            value TEXT NOT NULL,
            first_raw TEXT,
            UNIQUE(kind, value));

        CREATE TABLE links(
            hid INTEGER NOT NULL,
            contact_id INTEGER NOT NULL,
            evidence INTEGER NOT NULL,
            source_kind INTEGER NOT NULL,
            source_id TEXT NOT NULL,
            at TEXT,
            PRIMARY KEY(hid, source_kind, source_id, evidence)) WITHOUT ROWID;
        CREATE INDEX links_by_contact ON links(contact_id, hid);

        CREATE TABLE loads(
            fingerprint TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            started_at TEXT NOT NULL,
            committed_at TEXT NOT NULL,
            rows INTEGER NOT NULL);

        CREATE TABLE runs(
            seq INTEGER PRIMARY KEY,
            run_id TEXT NOT NULL UNIQUE,
            started_at TEXT NOT NULL,
            input_fingerprint TEXT NOT NULL,
            parameters_json TEXT NOT NULL,
            rings INTEGER NOT NULL,
            flagged INTEGER NOT NULL,
            saved_at TEXT NOT NULL);

        CREATE TABLE rings(
            run_seq INTEGER NOT NULL REFERENCES runs(seq),
            ring_id TEXT NOT NULL,
            ordinal INTEGER NOT NULL,
            score REAL NOT NULL,
            flagged INTEGER NOT NULL,
            holders INTEGER NOT NULL,
            controllers INTEGER NOT NULL,
            surrender_amount TEXT NOT NULL,
            first_seen TEXT,
            last_seen TEXT,
            PRIMARY KEY(run_seq, ring_id));
        CREATE INDEX rings_by_score ON rings(run_seq, score DESC);
        CREATE INDEX rings_by_id ON rings(ring_id);

        CREATE TABLE ring_members(
            run_seq INTEGER NOT NULL,
            ring_id TEXT NOT NULL,
            ordinal INTEGER NOT NULL,
            entity_type TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            role TEXT NOT NULL,
            evidence_count INTEGER NOT NULL,
            PRIMARY KEY(run_seq, ring_id, ordinal));
        CREATE INDEX ring_members_by_entity ON ring_members(entity_type, entity_id);

        CREATE TABLE ring_reasons(
            run_seq INTEGER NOT NULL,
            ring_id TEXT NOT NULL,
            ordinal INTEGER NOT NULL,
            code TEXT NOT NULL,
            description TEXT NOT NULL,
            weight REAL NOT NULL,
            value REAL NOT NULL,
            contribution REAL NOT NULL,
            supporting_records TEXT NOT NULL,
            PRIMARY KEY(run_seq, ring_id, ordinal));

        CREATE TABLE ring_changes(
            run_seq INTEGER NOT NULL,
            ordinal INTEGER NOT NULL,
            ring_id TEXT NOT NULL,
            lineage TEXT NOT NULL,
            previous_ring_ids TEXT NOT NULL,
            PRIMARY KEY(run_seq, ordinal));
        """,

        // 2: the audit log. Who took personal data out of the store (an unmasked evidence package), when, for which
        // ring, why, and the SHA-256 of what they took. Rows are only ever appended.
        """
        CREATE TABLE audit_log(
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            operator TEXT NOT NULL,
            action TEXT NOT NULL,
            ring_id TEXT,
            reason TEXT NOT NULL,
            package_sha256 TEXT);
        """,

        // 3: a reason measured against the insurer's base rates says what was observed, what was expected and how
        // likely that is by chance (RingReason.Observed / Expected / Chance); older reasons leave them NULL.
        """
        ALTER TABLE ring_reasons ADD COLUMN observed REAL;
        ALTER TABLE ring_reasons ADD COLUMN expected REAL;
        ALTER TABLE ring_reasons ADD COLUMN chance REAL;
        """,

        // 4: the role of each shared value a run measured, and why (AnalysisRun.ValueRoles, run.json's value_roles), and
        // how many of all shared values got each role (AnalysisRun.ValueRoleCounts), so stats, the explorer and evidence
        // packages can say what a value is after the run's outputs are gone.
        """
        CREATE TABLE value_roles(
            run_seq INTEGER NOT NULL,
            ordinal INTEGER NOT NULL,
            entity_type TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            role TEXT NOT NULL,
            why TEXT NOT NULL,
            holders INTEGER NOT NULL,
            households INTEGER NOT NULL,
            takeover_households INTEGER NOT NULL,
            active_households INTEGER NOT NULL,
            own_registrations INTEGER NOT NULL,
            cities INTEGER NOT NULL,
            top_agent_share REAL NOT NULL,
            timed_observed INTEGER NOT NULL,
            timed_expected REAL NOT NULL,
            timed_window_days INTEGER NOT NULL,
            timed_decades REAL NOT NULL,
            PRIMARY KEY(run_seq, ordinal));
        CREATE TABLE value_role_counts(
            run_seq INTEGER NOT NULL,
            ordinal INTEGER NOT NULL,
            role TEXT NOT NULL,
            value_count INTEGER NOT NULL,
            PRIMARY KEY(run_seq, ordinal));
        """,

        // 5: the keys of holders and contact points as named unique indexes instead of UNIQUE constraints, so that a
        // load into an empty table can drop them and build them once after its inserts (a sort) instead of updating
        // them row by row (a random b-tree insert per contact point). Same columns, same rows, same surrogates.
        """
        CREATE TABLE holders_v5(
            hid INTEGER PRIMARY KEY,
            id TEXT NOT NULL,
            name TEXT,
            id_number_raw TEXT, id_number TEXT,
            phone_raw TEXT, phone TEXT,
            address_raw TEXT, address TEXT,
            city TEXT,
            created_at TEXT,
            extra TEXT,
            is_stub INTEGER NOT NULL DEFAULT 0);
        INSERT INTO holders_v5(hid, id, name, id_number_raw, id_number, phone_raw, phone, address_raw, address, city, created_at, extra, is_stub)
            SELECT hid, id, name, id_number_raw, id_number, phone_raw, phone, address_raw, address, city, created_at, extra, is_stub FROM holders;
        DROP TABLE holders;
        ALTER TABLE holders_v5 RENAME TO holders;
        CREATE UNIQUE INDEX holders_by_id ON holders(id);

        CREATE TABLE contact_points_v5(
            id INTEGER PRIMARY KEY,
            kind INTEGER NOT NULL,
            value TEXT NOT NULL,
            first_raw TEXT);
        INSERT INTO contact_points_v5(id, kind, value, first_raw) SELECT id, kind, value, first_raw FROM contact_points;
        DROP TABLE contact_points;
        ALTER TABLE contact_points_v5 RENAME TO contact_points;
        CREATE UNIQUE INDEX contact_points_by_value ON contact_points(kind, value);
        """,

        // 6: the secondary indexes a load left to build after its commit (SqliteLoadTransaction), recorded in the load's
        // own transaction: a process killed before building them leaves them listed here, and the next load builds them.
        """
        CREATE TABLE pending_indexes(
            name TEXT PRIMARY KEY,
            tbl_name TEXT NOT NULL,
            sql TEXT NOT NULL);
        """,
    ];

    /// <summary>The version a file has after <see cref="Migrate"/>.</summary>
    public static int CurrentVersion => Migrations.Length;

    /// <summary>Applies every migration the file lacks and returns how many were applied.</summary>
    public static int Migrate(SqliteConnection connection)
    {
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE IF NOT EXISTS schema_version(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)";
            create.ExecuteNonQuery();
        }

        int applied = 0;
        for (int version = 1; version <= Migrations.Length; version++)
        {
            using var tx = connection.BeginTransaction();
            using var check = connection.CreateCommand();
            check.Transaction = tx;
            check.CommandText = "SELECT COUNT(*) FROM schema_version WHERE version = $v";
            check.Parameters.AddWithValue("$v", version);
            if ((long)check.ExecuteScalar()! > 0) continue;

            using var migrate = connection.CreateCommand();
            migrate.Transaction = tx;
            migrate.CommandText = Migrations[version - 1];
            migrate.ExecuteNonQuery();

            using var record = connection.CreateCommand();
            record.Transaction = tx;
            record.CommandText = "INSERT INTO schema_version(version, applied_at) VALUES($v, $at)";
            record.Parameters.AddWithValue("$v", version);
            record.Parameters.AddWithValue("$at", SqliteValues.FormatTime(DateTimeOffset.UtcNow));
            record.ExecuteNonQuery();
            tx.Commit();
            applied++;
        }
        return applied;
    }
}
