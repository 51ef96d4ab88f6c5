using System.Diagnostics;

namespace Graph.Cli.Tests;

/// <summary>
/// Filesystems the tests need and cannot fake: a size-limited tmpfs (a full disk) and a read-only bind mount (read-only
/// media; file permissions do not stop root, who runs CI's container). Both need root or CAP_SYS_ADMIN.
/// </summary>
internal static class Mounts
{
    /// <summary>Why nothing can be mounted here, or null when it can (tried once, on a scratch folder).</summary>
    public static readonly string? Unavailable = Probe();

    /// <summary>A tmpfs of <paramref name="bytes"/> (rounded up to pages) on <paramref name="folder"/>.</summary>
    public static void Tmpfs(string folder, long bytes) => Mount("-t", "tmpfs", "-o", $"size={Math.Max(4096, bytes)}", "tmpfs", folder);

    /// <summary><paramref name="folder"/> mounted over itself read-only: nothing in it can be written, by anyone.</summary>
    public static void ReadOnly(string folder)
    {
        Mount("--bind", folder, folder);
        try
        {
            Mount("-o", "remount,bind,ro", folder);
        }
        catch
        {
            Unmount(folder);
            throw;
        }
    }

    public static void Unmount(string folder) => Run("umount", folder);

    private static void Mount(params string[] args)
    {
        var (code, error) = Run("mount", args);
        if (code != 0) throw new InvalidOperationException($"mount {string.Join(' ', args)} failed (exit {code}): {error}");
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux()) return "mounting a tmpfs or a read-only folder needs Linux";
        var folder = Directory.CreateTempSubdirectory("fraudgraph-mount-probe-").FullName;
        try
        {
            var (code, error) = Run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", folder);
            if (code != 0) return $"cannot mount here (mount exit {code}: {error.Trim()}); it needs root or CAP_SYS_ADMIN";
            Run("umount", folder);
            return null;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"cannot run mount: {e.Message}";
        }
        finally
        {
            try { Directory.Delete(folder); } catch (IOException) { }
        }
    }

    private static (int Code, string Error) Run(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var error = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, error.Result);
    }
}

/// <summary>A test that mounts a filesystem: skipped with the reason where nothing can be mounted (no root, not Linux).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class MountFactAttribute : FactAttribute
{
    public MountFactAttribute()
    {
        if (Mounts.Unavailable is { } why) Skip = why;
    }
}

/// <inheritdoc cref="MountFactAttribute"/>
[AttributeUsage(AttributeTargets.Method)]
public sealed class MountTheoryAttribute : TheoryAttribute
{
    public MountTheoryAttribute()
    {
        if (Mounts.Unavailable is { } why) Skip = why;
    }
}
