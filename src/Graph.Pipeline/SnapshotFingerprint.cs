using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Graph.Analytics.Detection.Internal;
using Graph.Core;

namespace Graph.Pipeline;

/// <summary>
/// The snapshot's fingerprint: SHA-256 (hex) over its content as one byte stream (holders, contact points, links,
/// policies, agents, events in snapshot order; each field as UTF-8, numbers in invariant decimal, a missing value as
/// nothing, each followed by U+001F). Stored with every run, so its bytes never change.
/// </summary>
/// <remarks>
/// At 10,000,000 holders the stream holds about 200 million fields and writing them, not hashing them, is the cost
/// (mostly reading 60 million scattered strings). So the stream is cut into segments of consecutive items, segments
/// are written into buffers on every core, and the buffers are hashed in stream order on one thread: the same bytes
/// on any number of cores.
/// </remarks>
internal static class SnapshotFingerprint
{
    /// <summary>Items per segment: a few MiB of bytes, so a wave of segments stays small.</summary>
    private const int SegmentItems = 32_768;
    /// <summary>Events carry whole complaint letters: fewer of them per segment.</summary>
    private const int EventSegmentItems = 1_024;

    public static string Compute(GraphSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var segments = Segments(snapshot);
        int cores = Environment.ProcessorCount;
        // A wave: a few segments per core, written in parallel, then hashed in order while no writer runs.
        int wave = Math.Max(1, cores * 4);
        var buffers = new SegmentWriter[Math.Min(wave, segments.Count)];
        for (int i = 0; i < buffers.Length; i++) buffers[i] = new SegmentWriter();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = cores, CancellationToken = cancellationToken };

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (int first = 0; first < segments.Count; first += wave)
        {
            int count = Math.Min(wave, segments.Count - first);
            Parallel.For(0, count, parallel, i =>
            {
                buffers[i].Clear();
                segments[first + i](buffers[i]);
            });
            for (int i = 0; i < count; i++) hash.AppendData(buffers[i].Written);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The stream as segments in order: each writes its items (a table's header field goes with its first segment).</summary>
    private static List<Action<SegmentWriter>> Segments(GraphSnapshot snapshot)
    {
        var segments = new List<Action<SegmentWriter>>();
        void Split<T>(IReadOnlyList<T> list, string? header, int size, Action<SegmentWriter, T> write)
        {
            // The stores give arrays; anything else is copied once here, not once per segment.
            var items = list is T[] or List<T> ? list : list.ToArray();
            if (items.Count == 0)
            {
                if (header is not null) segments.Add(w => w.Field(header));
                return;
            }
            for (int start = 0; start < items.Count; start += size)
            {
                int from = start, to = Math.Min(items.Count, start + size);
                bool withHeader = header is not null && start == 0;
                segments.Add(w =>
                {
                    if (withHeader) w.Field(header);
                    var span = Lists.AsSpan(items);
                    for (int i = from; i < to; i++) write(w, span[i]);
                });
            }
        }

        Split(snapshot.Holders, null, SegmentItems, static (w, h) => { w.Field(h.Id); w.Field(h.Name); w.Field(h.City); w.At(h.CreatedAt); w.Num(h.IsStub ? 1 : 0); });
        Split(snapshot.Contacts, "#contacts", SegmentItems, static (w, c) => { w.Num((int)c.Kind); w.Field(c.Value); });
        Split(snapshot.Links, "#links", SegmentItems, static (w, l) => { w.Num(l.Holder); w.Num(l.Contact); w.Num((int)l.Evidence); w.Field(l.SourceId); w.At(l.At); });
        Split(snapshot.Policies, "#policies", SegmentItems, static (w, p) => { w.Field(p.Id); w.Num(p.Holder); w.Field(p.AgentId); w.Num((int)p.Status); w.Money(p.Premium); w.At(p.IssuedAt); });
        Split(snapshot.Agents, "#agents", SegmentItems, static (w, a) => { w.Field(a.Id); w.Field(a.Name); w.Num((int)a.Status); w.At(a.TerminatedAt); });
        Split(snapshot.Events, "#events", EventSegmentItems, static (w, e) =>
        {
            w.Num((int)e.Kind); w.Field(e.Id); w.Num(e.Holder); w.Field(e.PolicyId); w.At(e.At);
            w.Money(e.Amount); w.Num((int)e.Field); w.Field(e.Channel); w.Field(e.Text);
        });
        return segments;
    }

    /// <summary>One segment's bytes: fields written straight into a reused buffer (no string per number).</summary>
    private sealed class SegmentWriter
    {
        private const byte Separator = 0x1F;
        /// <summary>Room for any number with its separator: a long takes at most 20 bytes, a decimal 31.</summary>
        private const int NumberRoom = 40;
        private byte[] _buffer = new byte[1 << 20];
        private int _used;

        public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _used);

        public void Clear() => _used = 0;

        public void Field(string? s)
        {
            if (s is not null)
            {
                Room(Encoding.UTF8.GetMaxByteCount(s.Length));
                _used += Encoding.UTF8.GetBytes(s, _buffer.AsSpan(_used));
            }
            End();
        }

        public void Num(long v)
        {
            Room(NumberRoom);
            v.TryFormat(_buffer.AsSpan(_used), out int written, default, CultureInfo.InvariantCulture);
            _used += written;
            End();
        }

        public void At(DateTimeOffset? t) => Num(t?.UtcTicks ?? -1);

        public void Money(decimal? v)
        {
            if (v is { } value)
            {
                Room(NumberRoom);
                value.TryFormat(_buffer.AsSpan(_used), out int written, default, CultureInfo.InvariantCulture);
                _used += written;
            }
            End();
        }

        private void End()
        {
            Room(1);
            _buffer[_used++] = Separator;
        }

        private void Room(int bytes)
        {
            if (_buffer.Length - _used >= bytes) return;
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _used + bytes));
        }
    }
}
