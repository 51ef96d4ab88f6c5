using System.Text;
using Graph.Ingest.Internal;

namespace Graph.Ingest.Tests;

public class Utf8CsvReaderTests
{
    /// <summary>Buffer sizes: tiny ones make every record straddle refills; the last is the production default.</summary>
    public static TheoryData<int> BufferSizes => [1, 2, 3, 5, 16, 1 << 20];

    private static List<(long Line, string[] Fields)> ReadAll(byte[] bytes, int bufferSize = 1 << 20, string file = "t.csv")
    {
        using var reader = new Utf8CsvReader(new MemoryStream(bytes), file, initialBufferSize: bufferSize);
        var rows = new List<(long, string[])>();
        while (reader.Read())
        {
            var fields = new string[reader.FieldCount];
            for (int i = 0; i < fields.Length; i++) fields[i] = reader.FieldString(i);
            rows.Add((reader.RecordLine, fields));
        }
        return rows;
    }

    private static List<(long Line, string[] Fields)> ReadAll(string text, int bufferSize = 1 << 20) => ReadAll(Encoding.UTF8.GetBytes(text), bufferSize);

    [Theory, MemberData(nameof(BufferSizes))]
    public void Quoted_fields_hold_commas_quotes_and_line_breaks_and_later_rows_keep_their_physical_line(int bufferSize)
    {
        var text = "a,b,c\n1,\"x, y\",\"say \"\"hi\"\"\"\n2,\"line one\nline two\r\nline three\",z\n3,plain,last\n";
        var rows = ReadAll(text, bufferSize);
        Assert.Equal(4, rows.Count);
        Assert.Equal(["1", "x, y", "say \"hi\""], rows[1].Fields);
        Assert.Equal("line one\nline two\r\nline three", rows[2].Fields[1]);
        Assert.Equal([1L, 2L, 3L, 6L], rows.Select(r => r.Line));
    }

    [Theory, MemberData(nameof(BufferSizes))]
    public void Crlf_lf_and_lone_cr_all_end_records(int bufferSize)
    {
        var rows = ReadAll("h1,h2\r\na,b\rc,d\ne,f", bufferSize);
        Assert.Equal([["h1", "h2"], ["a", "b"], ["c", "d"], ["e", "f"]], rows.Select(r => r.Fields));
        Assert.Equal([1L, 2L, 3L, 4L], rows.Select(r => r.Line));
    }

    [Theory, MemberData(nameof(BufferSizes))]
    public void A_bom_is_skipped_and_chinese_text_survives(int bufferSize)
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("姓名,地址\n张三,\"北京市朝阳区，建国路88号\"\n")];
        var rows = ReadAll(bytes, bufferSize);
        Assert.Equal("姓名", rows[0].Fields[0]);
        Assert.Equal(["张三", "北京市朝阳区，建国路88号"], rows[1].Fields);
    }

    [Theory, MemberData(nameof(BufferSizes))]
    public void Blank_lines_are_not_records_but_still_count_as_lines(int bufferSize)
    {
        var rows = ReadAll("h\n\na\r\n\r\nb\n\n", bufferSize);
        Assert.Equal([["h"], ["a"], ["b"]], rows.Select(r => r.Fields));
        Assert.Equal([1L, 3L, 5L], rows.Select(r => r.Line));
    }

    [Fact]
    public void A_record_of_one_empty_quoted_field_is_a_record_not_a_blank_line()
    {
        var rows = ReadAll("h\n\"\"\nx\n");
        Assert.Equal(3, rows.Count);
        Assert.Equal([""], rows[1].Fields);
    }

    [Theory, MemberData(nameof(BufferSizes))]
    public void Trailing_separator_makes_an_empty_last_field_also_at_end_of_file(int bufferSize)
    {
        var rows = ReadAll("a,b,\n1,2,", bufferSize);
        Assert.Equal(["a", "b", ""], rows[0].Fields);
        Assert.Equal(["1", "2", ""], rows[1].Fields);
    }

    [Fact]
    public void A_quote_inside_an_unquoted_field_is_kept_as_a_character()
    {
        var rows = ReadAll("a,b\n5\" screen,x\n");
        Assert.Equal("5\" screen", rows[1].Fields[0]);
    }

    [Fact]
    public void Spaces_after_a_closing_quote_are_allowed()
    {
        var rows = ReadAll("a,b\n\"x\"  ,y\n");
        Assert.Equal(["x", "y"], rows[1].Fields);
    }

    [Theory, MemberData(nameof(BufferSizes))]
    public void An_unterminated_quoted_field_names_the_line_where_it_started(int bufferSize)
    {
        var ex = Assert.Throws<MalformedInputException>(() => ReadAll("a,b\n1,2\n3,\"never closed\n4,5\n6,7\n", bufferSize));
        Assert.Equal(3, ex.Line);
        Assert.Equal("t.csv", ex.File);
        Assert.Contains("unterminated", ex.Message);
        Assert.Contains("t.csv", ex.Message);
        Assert.Contains("line 3", ex.Message);
    }

    [Fact]
    public void A_character_after_a_closing_quote_is_malformed()
    {
        var ex = Assert.Throws<MalformedInputException>(() => ReadAll("a,b\n1,2\n\"ab\"c,d\n"));
        Assert.Equal(3, ex.Line);
    }

    [Theory, MemberData(nameof(BufferSizes))]
    public void Invalid_utf8_names_its_physical_line_even_inside_a_multi_line_field(int bufferSize)
    {
        var bytes = new List<byte>(Encoding.UTF8.GetBytes("a,b\n1,\"first\nsecond "));
        bytes.Add(0xC3); // a lead byte followed by an ASCII byte: invalid
        bytes.AddRange(Encoding.UTF8.GetBytes("x\"\n"));
        var ex = Assert.Throws<MalformedInputException>(() => ReadAll(bytes.ToArray(), bufferSize));
        Assert.Equal(3, ex.Line);
        Assert.Contains("UTF-8", ex.Message);
    }

    [Fact]
    public void Gbk_encoded_chinese_is_invalid_utf8()
    {
        // "张三" in GBK.
        byte[] bytes = [.. "h\n"u8.ToArray(), 0xD5, 0xC5, 0xC8, 0xFD, (byte)'\n'];
        var ex = Assert.Throws<MalformedInputException>(() => ReadAll(bytes));
        Assert.Equal(2, ex.Line);
    }

    [Fact]
    public void Utf16_is_named_as_such()
    {
        var ex = Assert.Throws<MalformedInputException>(() => ReadAll(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("a,b\n1,2\n")).ToArray()));
        Assert.Equal(1, ex.Line);
        Assert.Contains("UTF-16", ex.Message);
    }

    [Fact]
    public void An_empty_stream_has_no_records()
    {
        Assert.Empty(ReadAll([]));
        Assert.Empty(ReadAll([0xEF, 0xBB, 0xBF]));
    }

    [Fact]
    public void Bytes_consumed_reaches_the_stream_length()
    {
        var bytes = Encoding.UTF8.GetBytes("a,b\n1,2\n3,4");
        using var reader = new Utf8CsvReader(new MemoryStream(bytes), "t.csv");
        while (reader.Read()) { }
        Assert.Equal(bytes.Length, reader.BytesConsumed);
    }

    [Fact]
    public void Random_fields_round_trip_through_quoting_with_every_buffer_size()
    {
        var rng = new Random(12345);
        string[] pieces = ["a", "张", ",", "\"", "\n", "\r\n", " ", "x1", "🙂", ""];
        var rows = new List<string[]>();
        var lines = new List<long>();
        var sb = new StringBuilder();
        long line = 1;
        for (int r = 0; r < 200; r++)
        {
            lines.Add(line);
            var fields = new string[3];
            for (int c = 0; c < 3; c++)
            {
                var f = new StringBuilder();
                int n = rng.Next(0, 5);
                for (int k = 0; k < n; k++) f.Append(pieces[rng.Next(pieces.Length)]);
                fields[c] = f.ToString();
                if (c > 0) sb.Append(',');
                sb.Append('"').Append(fields[c].Replace("\"", "\"\"")).Append('"');
            }
            sb.Append(r % 2 == 0 ? "\n" : "\r\n");
            rows.Add(fields);
            // Every line break piece holds exactly one LF, and there is no lone CR.
            foreach (var f in fields) line += f.Count(ch => ch == '\n');
            line++;
        }
        foreach (int size in new[] { 1, 7, 64, 1 << 20 })
        {
            var read = ReadAll(sb.ToString(), size);
            Assert.Equal(rows.Count, read.Count);
            for (int i = 0; i < rows.Count; i++)
            {
                Assert.Equal(rows[i], read[i].Fields);
                Assert.Equal(lines[i], read[i].Line);
            }
        }
    }
}
