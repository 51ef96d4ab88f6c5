using System.Text;

namespace Graph.Evidence;

/// <summary>How record kinds and enum values are written in packages and in the explorer's JSON: snake_case words.</summary>
public static class RecordWords
{
    /// <summary>An enum value as a word: <c>EvidenceKind.ChangedTo</c> → <c>changed_to</c>.</summary>
    public static string Word<T>(T value) where T : struct, Enum => Snake(value.ToString());

    /// <summary><c>ChangedTo</c> → <c>changed_to</c>.</summary>
    public static string Snake(string pascal)
    {
        ArgumentNullException.ThrowIfNull(pascal);
        var sb = new StringBuilder(pascal.Length + 4);
        for (int i = 0; i < pascal.Length; i++)
        {
            char c = pascal[i];
            if (char.IsUpper(c) && i > 0) sb.Append('_');
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }
}
