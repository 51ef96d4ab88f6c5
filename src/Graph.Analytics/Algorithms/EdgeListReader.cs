using System.Globalization;
using System.Text;

namespace Graph.Analytics.Algorithms;

/// <summary>An edge list read from a file, with nodes renumbered densely.</summary>
internal sealed class EdgeList
{
    internal EdgeList(int[] originalIds, int[] sources, int[] targets, float[] weights, int edgeCount)
    {
        OriginalIds = originalIds;
        _sources = sources;
        _targets = targets;
        _weights = weights;
        EdgeCount = edgeCount;
    }

    private readonly int[] _sources;
    private readonly int[] _targets;
    private readonly float[] _weights;

    /// <summary>Distinct nodes named in the file (in an edge or alone on a line), or every id below the declared node count.</summary>
    public int NodeCount => OriginalIds.Length;

    /// <summary>Edges as listed (duplicates not merged yet).</summary>
    public int EdgeCount { get; }

    /// <summary>The id in the file of each dense node id; increasing, so dense order is file-id order.</summary>
    public int[] OriginalIds { get; }

    /// <summary>Dense endpoints of edge i are (Sources[i], Targets[i]) with weight Weights[i].</summary>
    public ReadOnlySpan<int> Sources => _sources.AsSpan(0, EdgeCount);

    /// <inheritdoc cref="Sources"/>
    public ReadOnlySpan<int> Targets => _targets.AsSpan(0, EdgeCount);

    /// <inheritdoc cref="Sources"/>
    public ReadOnlySpan<float> Weights => _weights.AsSpan(0, EdgeCount);

    /// <summary>Builds the CSR graph (duplicates merged by summing weights).</summary>
    public CsrGraph BuildGraph() => CsrGraphBuilder.FromEdges(NodeCount, Sources, Targets, Weights);
}

/// <summary>A line of an edge list that cannot be read; <see cref="LineNumber"/> is 1-based.</summary>
public sealed class EdgeListFormatException : FormatException
{
    public EdgeListFormatException(long lineNumber, string problem)
        : base($"Edge list line {lineNumber}: {problem}")
    {
        LineNumber = lineNumber;
    }

    public long LineNumber { get; }
}

/// <summary>
/// Reads a plain edge list: one edge per line, two non-negative integer node ids and an optional positive
/// weight (default 1), separated by spaces, tabs or commas; a line with one id names an isolated node (a node
/// without edges, which still gets a community); blank lines and everything after <c>#</c> are ignored. Node ids
/// may be any non-negative 32-bit ints; they are renumbered to 0..n-1 in increasing order (see
/// <see cref="EdgeList.OriginalIds"/>), unless a node count N is given: then the nodes are exactly 0..N-1 and a
/// larger id is an error. Parses bytes directly (no string per line): about a second for
/// five million lines.
/// </summary>
internal static class EdgeListReader
{
    private const int BufferSize = 1 << 20;

    /// <param name="nodeCount">Null: the nodes are the ids the file names. N: the nodes are 0..N-1, named or not.</param>
    /// <exception cref="EdgeListFormatException">A line is malformed, or names an id not below <paramref name="nodeCount"/>; the message names the line.</exception>
    public static EdgeList Read(string path, int? nodeCount = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        return Read(stream, nodeCount, cancellationToken);
    }

    /// <inheritdoc cref="Read(string, int?, CancellationToken)"/>
    public static EdgeList Read(Stream stream, int? nodeCount = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (nodeCount is { } declared) ArgumentOutOfRangeException.ThrowIfNegative(declared, nameof(nodeCount));
        var sources = new int[1 << 16];
        var targets = new int[sources.Length];
        var weights = new float[sources.Length];
        int count = 0;
        int maxId = -1;
        var isolated = new List<int>();
        long lineNumber = 0;

        byte[] buffer = new byte[BufferSize];
        int filled = 0;
        bool endOfStream = false;
        while (!endOfStream || filled > 0)
        {
            if (!endOfStream)
            {
                if (filled == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2); // a line longer than the buffer
                int read = stream.Read(buffer, filled, buffer.Length - filled);
                if (read == 0) endOfStream = true;
                filled += read;
            }
            if (filled == 0) continue;
            int lastNewline = Array.LastIndexOf(buffer, (byte)'\n', filled - 1, filled);
            int usable = lastNewline >= 0 ? lastNewline + 1 : endOfStream ? filled : 0;
            if (usable == 0) continue;

            cancellationToken.ThrowIfCancellationRequested();
            var span = new ReadOnlySpan<byte>(buffer, 0, usable);
            while (!span.IsEmpty)
            {
                int nl = span.IndexOf((byte)'\n');
                var line = nl >= 0 ? span[..nl] : span;
                span = nl >= 0 ? span[(nl + 1)..] : default;
                lineNumber++;
                int fields = ParseLine(line, lineNumber, out int u, out int v, out float w);
                if (fields == 0) continue;
                if (fields == 1) v = u;
                if (nodeCount is { } n && Math.Max(u, v) >= n)
                    throw new EdgeListFormatException(lineNumber, $"node id {Math.Max(u, v)} is not below the declared node count {n} (ids are 0..{n - 1}).");
                if (u > maxId) maxId = u;
                if (v > maxId) maxId = v;
                if (fields == 1)
                {
                    isolated.Add(u);
                    continue;
                }
                if (count == sources.Length)
                {
                    int capacity = checked(count * 2);
                    Array.Resize(ref sources, capacity);
                    Array.Resize(ref targets, capacity);
                    Array.Resize(ref weights, capacity);
                }
                sources[count] = u;
                targets[count] = v;
                weights[count] = w;
                count++;
            }
            Buffer.BlockCopy(buffer, usable, buffer, 0, filled - usable);
            filled -= usable;
        }

        // With a declared node count the ids are already dense: node i is id i.
        int[] originalIds = nodeCount is { } all ? Enumerable.Range(0, all).ToArray() : Densify(sources, targets, count, isolated, maxId);
        return new EdgeList(originalIds, sources, targets, weights, count);
    }

    /// <summary>The number of ids on the line: 0 for blank and comment lines, 1 for an isolated node, 2 for an edge.</summary>
    private static int ParseLine(ReadOnlySpan<byte> line, long lineNumber, out int u, out int v, out float w)
    {
        u = v = 0;
        w = 1f;
        int hash = line.IndexOf((byte)'#');
        if (hash >= 0) line = line[..hash];

        int fields = 0;
        int i = 0;
        while (true)
        {
            while (i < line.Length && IsSeparator(line[i])) i++;
            if (i == line.Length) break;
            int start = i;
            while (i < line.Length && !IsSeparator(line[i])) i++;
            var token = line[start..i];
            switch (fields)
            {
                case 0: u = ParseId(token, lineNumber, "first node id"); break;
                case 1: v = ParseId(token, lineNumber, "second node id"); break;
                case 2: w = ParseWeight(token, lineNumber); break;
                default: throw new EdgeListFormatException(lineNumber, "expected two node ids and an optional weight, found more fields.");
            }
            fields++;
        }
        return Math.Min(fields, 2);
    }

    private static bool IsSeparator(byte b) => b is (byte)' ' or (byte)'\t' or (byte)',' or (byte)'\r';

    private static int ParseId(ReadOnlySpan<byte> token, long lineNumber, string what)
    {
        long value = 0;
        foreach (byte b in token)
        {
            uint digit = (uint)(b - '0');
            if (digit > 9) throw new EdgeListFormatException(lineNumber, $"the {what} '{Show(token)}' is not a non-negative integer.");
            value = value * 10 + digit;
            if (value > int.MaxValue) throw new EdgeListFormatException(lineNumber, $"the {what} '{Show(token)}' is larger than {int.MaxValue}.");
        }
        return (int)value;
    }

    private static float ParseWeight(ReadOnlySpan<byte> token, long lineNumber)
    {
        if (!float.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out float w))
            throw new EdgeListFormatException(lineNumber, $"the weight '{Show(token)}' is not a number.");
        if (!(w > 0) || float.IsPositiveInfinity(w))
            throw new EdgeListFormatException(lineNumber, $"the weight '{Show(token)}' must be positive and finite.");
        return w;
    }

    private static string Show(ReadOnlySpan<byte> token) =>
        Encoding.UTF8.GetString(token.Length > 40 ? token[..40] : token);

    /// <summary>Renumbers ids in place to 0..n-1 in increasing id order (isolated ones included); returns the original ids.</summary>
    private static int[] Densify(int[] sources, int[] targets, int count, List<int> isolated, int maxId)
    {
        if (maxId < 0) return [];
        // A direct map when ids are compact enough (the usual case); otherwise sort the distinct ids.
        if (maxId <= Math.Max(1 << 24, 4L * count))
        {
            var map = new int[maxId + 1];
            for (int i = 0; i < count; i++)
            {
                map[sources[i]] = 1;
                map[targets[i]] = 1;
            }
            foreach (int id in isolated) map[id] = 1;
            int n = 0;
            for (int id = 0; id <= maxId; id++) n += map[id];
            var original = new int[n];
            n = 0;
            for (int id = 0; id <= maxId; id++)
            {
                if (map[id] == 0) continue;
                original[n] = id;
                map[id] = n++;
            }
            for (int i = 0; i < count; i++)
            {
                sources[i] = map[sources[i]];
                targets[i] = map[targets[i]];
            }
            return original;
        }

        var ids = new int[2L * count + isolated.Count];
        sources.AsSpan(0, count).CopyTo(ids);
        targets.AsSpan(0, count).CopyTo(ids.AsSpan(count));
        isolated.CopyTo(ids, 2 * count);
        Array.Sort(ids);
        int distinct = 0;
        for (int i = 0; i < ids.Length; i++)
            if (i == 0 || ids[i] != ids[i - 1]) ids[distinct++] = ids[i];
        var originals = ids.AsSpan(0, distinct).ToArray();
        for (int i = 0; i < count; i++)
        {
            sources[i] = Array.BinarySearch(originals, sources[i]);
            targets[i] = Array.BinarySearch(originals, targets[i]);
        }
        return originals;
    }
}
