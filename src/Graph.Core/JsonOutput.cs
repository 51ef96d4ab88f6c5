using System.Globalization;
using System.Text;
using Newtonsoft.Json;

namespace Graph.Core;

/// <summary>
/// How every JSON file the engine writes for people and programs is written (rings.json, run.json, evidence packages,
/// nightly reports), with Newtonsoft.Json: indented, UTF-8 without BOM, non-ASCII as it is, numbers in their shortest
/// round-trip form (<c>80</c>, not Newtonsoft's <c>80.0</c>), as the published files have them. The
/// <c>WriteString(name, value)</c>-style helpers name a property and write its value in one call.
/// </summary>
public static class JsonOutput
{
    /// <summary>The bytes of one JSON document written by <paramref name="write"/>.</summary>
    public static byte[] Write(Action<JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var buffer = new MemoryStream();
        using (var text = new StreamWriter(buffer, new UTF8Encoding(false)) { NewLine = "\n" })
        using (var writer = new ShortestNumberWriter(text))
        {
            write(writer);
        }
        return buffer.ToArray();
    }

    /// <summary>Serializes <paramref name="value"/> (its <c>[JsonProperty]</c> names) the way <see cref="Write"/> writes.</summary>
    public static byte[] Serialize(object value, JsonSerializerSettings? settings = null) =>
        Write(w => JsonSerializer.Create(settings ?? new JsonSerializerSettings()).Serialize(w, value));

    /// <summary>
    /// Settings for reading the engine's own files: a string stays a string until a typed member asks for a time (then
    /// read with its offset, never converted to local time), and numbers with a fraction are doubles.
    /// </summary>
    public static JsonSerializerSettings ReadSettings { get; } = new()
    {
        DateParseHandling = DateParseHandling.None,
        DateTimeZoneHandling = DateTimeZoneHandling.RoundtripKind,
        FloatParseHandling = FloatParseHandling.Double,
    };

    /// <summary>Reads a <typeparamref name="T"/> from a JSON text with <see cref="ReadSettings"/>; null for the JSON <c>null</c>.</summary>
    public static T? Read<T>(string json) => JsonConvert.DeserializeObject<T>(json, ReadSettings);

    /// <summary>Reads a <typeparamref name="T"/> from UTF-8 JSON with <see cref="ReadSettings"/>.</summary>
    /// <exception cref="JsonException">Not JSON, or not the shape of <typeparamref name="T"/>, or the JSON is <c>null</c>.</exception>
    public static T Read<T>(ReadOnlySpan<byte> utf8, string what) =>
        Read<T>(Encoding.UTF8.GetString(utf8)) ?? throw new JsonSerializationException($"{what} is empty (null).");

    /// <summary>A string property; null writes <c>null</c>.</summary>
    public static void WriteString(this JsonWriter w, string name, string? value)
    {
        w.WritePropertyName(name);
        w.WriteValue(value);
    }

    public static void WriteNumber(this JsonWriter w, string name, double value)
    {
        w.WritePropertyName(name);
        w.WriteValue(value);
    }

    public static void WriteNumber(this JsonWriter w, string name, long value)
    {
        w.WritePropertyName(name);
        w.WriteValue(value);
    }

    public static void WriteNumber(this JsonWriter w, string name, decimal value)
    {
        w.WritePropertyName(name);
        w.WriteValue(value);
    }

    public static void WriteBoolean(this JsonWriter w, string name, bool value)
    {
        w.WritePropertyName(name);
        w.WriteValue(value);
    }

    public static void WriteNull(this JsonWriter w, string name)
    {
        w.WritePropertyName(name);
        w.WriteNull();
    }

    public static void WriteStartObject(this JsonWriter w, string name)
    {
        w.WritePropertyName(name);
        w.WriteStartObject();
    }

    public static void WriteStartArray(this JsonWriter w, string name)
    {
        w.WritePropertyName(name);
        w.WriteStartArray();
    }

    /// <summary>An array property of strings.</summary>
    public static void WriteStrings(this JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteValue(v);
        w.WriteEndArray();
    }

    /// <summary>Copies a JSON text in as the next value, re-indented; strings that look like dates stay strings.</summary>
    public static void WriteJson(this JsonWriter w, string json)
    {
        using var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Double };
        w.WriteToken(reader);
    }

    /// <summary>Newtonsoft writes a whole double as <c>80.0</c> and a decimal as <c>1000.0</c>; the published files say <c>80</c> and <c>1000</c>.</summary>
    private sealed class ShortestNumberWriter : JsonTextWriter
    {
        public ShortestNumberWriter(TextWriter text) : base(text) => Formatting = Formatting.Indented;

        public override void WriteValue(double value) => WriteRawValue(Number(value));

        public override void WriteValue(double? value)
        {
            if (value is { } v) WriteValue(v);
            else WriteNull();
        }

        public override void WriteValue(float value) =>
            WriteRawValue(float.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : throw new ArgumentOutOfRangeException(nameof(value), value, "JSON has no NaN or infinity."));

        public override void WriteValue(decimal value) => WriteRawValue(value.ToString(CultureInfo.InvariantCulture));

        public override void WriteValue(decimal? value)
        {
            if (value is { } v) WriteValue(v);
            else WriteNull();
        }

        private static string Number(double value) =>
            double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : throw new ArgumentOutOfRangeException(nameof(value), value, "JSON has no NaN or infinity.");
    }
}
