using System.Security.Cryptography;
using Newtonsoft.Json;

namespace Graph.Web.Security;

/// <summary>The two roles: analysts see masked data; supervisors may also unmask, with a reason, audited.</summary>
public static class ExplorerRoles
{
    public const string Analyst = "analyst";
    public const string Supervisor = "supervisor";

    public static bool IsKnown(string? role) => role is Analyst or Supervisor;
}

/// <summary>A configured user: name, role (<see cref="ExplorerRoles"/>) and a password hash from <see cref="PasswordHash.Create"/>.</summary>
public sealed record ExplorerUser(string Name, string Role, string PasswordHash);

/// <summary>
/// The users file given with <c>--users FILE</c>:
/// <code>{ "users": [ { "name": "wang.li", "role": "supervisor", "passwordHash": "pbkdf2-sha256$600000$…$…" } ] }</code>
/// </summary>
public static class ExplorerUsers
{
    /// <exception cref="ExplorerConfigurationException">The file cannot be read or is not a users file.</exception>
    public static IReadOnlyList<ExplorerUser> Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        try
        {
            // Newtonsoft matches names case-insensitively and skips comments and trailing commas: a file people edit.
            var file = JsonConvert.DeserializeObject<UsersFile>(File.ReadAllText(path));
            if (file?.Users is null) throw new ExplorerConfigurationException($"{path} has no \"users\" list; expected {{ \"users\": [ {{ \"name\": …, \"role\": \"analyst\"|\"supervisor\", \"passwordHash\": … }} ] }}.");
            var users = new List<ExplorerUser>(file.Users.Count);
            foreach (var u in file.Users) users.Add(new ExplorerUser(u.Name ?? "", u.Role ?? "", u.PasswordHash ?? ""));
            return users;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ExplorerConfigurationException($"Cannot read the users file {path}: {e.Message}");
        }
        catch (JsonReaderException e)
        {
            throw new ExplorerConfigurationException($"The users file {path} is not valid JSON (line {e.LineNumber}): {e.Message}");
        }
        catch (JsonSerializationException e)
        {
            throw new ExplorerConfigurationException($"The users file {path} is not a users file (line {e.LineNumber}): {e.Message}");
        }
    }

    /// <summary>Every problem with these users (names are shown, hashes never).</summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<ExplorerUser> users)
    {
        var errors = new List<string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < users.Count; i++)
        {
            var u = users[i];
            string who = string.IsNullOrWhiteSpace(u.Name) ? $"user #{i + 1}" : $"user '{u.Name}'";
            if (string.IsNullOrWhiteSpace(u.Name)) errors.Add($"{who} has no name.");
            else if (u.Name == LocalUser.Name) errors.Add($"{who}: the name '{LocalUser.Name}' is reserved for the built-in loopback user.");
            else if (!names.Add(u.Name)) errors.Add($"{who} is configured twice.");
            if (!ExplorerRoles.IsKnown(u.Role)) errors.Add($"{who} has role '{u.Role}'; use \"{ExplorerRoles.Analyst}\" or \"{ExplorerRoles.Supervisor}\".");
            if (!Security.PasswordHash.IsWellFormed(u.PasswordHash)) errors.Add($"{who} has no valid passwordHash; make one with `fraudgraph serve --hash-password`.");
        }
        return errors;
    }

    private sealed class UsersFile
    {
        public List<UserEntry>? Users { get; set; }
    }

    private sealed class UserEntry
    {
        public string? Name { get; set; }
        public string? Role { get; set; }
        public string? PasswordHash { get; set; }
    }
}

/// <summary>The built-in user of a loopback-only explorer without configured users: an analyst.</summary>
public static class LocalUser
{
    public const string Name = "local";
}

/// <summary>
/// Password hashes <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c> (salt and hash base64): PBKDF2 with HMAC-SHA256
/// (<see cref="Rfc2898DeriveBytes.Pbkdf2(string, byte[], int, HashAlgorithmName, int)"/>), a 16-byte random salt, a
/// 32-byte key. The iteration count is kept in the hash, so it can be raised later without invalidating old hashes.
/// </summary>
public static class PasswordHash
{
    private const string Prefix = "pbkdf2-sha256";

    /// <summary>OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256.</summary>
    public const int DefaultIterations = 600_000;

    private const int SaltBytes = 16;
    private const int KeyBytes = 32;

    public static string Create(string password, int iterations = DefaultIterations)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var key = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, KeyBytes);
        return $"{Prefix}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(key)}";
    }

    public static bool IsWellFormed(string? hash) => TryParse(hash, out _, out _, out _);

    /// <summary>True when <paramref name="password"/> matches; compares in constant time.</summary>
    public static bool Verify(string password, string hash)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (!TryParse(hash, out int iterations, out var salt, out var expected)) return false;
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static bool TryParse(string? hash, out int iterations, out byte[] salt, out byte[] key)
    {
        iterations = 0;
        salt = key = [];
        var parts = hash?.Split('$');
        if (parts is not { Length: 4 } || parts[0] != Prefix || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out iterations) || iterations < 1)
            return false;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            key = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }
        return salt.Length >= 8 && key.Length >= 16;
    }
}
