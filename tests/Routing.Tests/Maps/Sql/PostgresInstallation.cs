using System.Diagnostics;

namespace ActorMailProxy.Routing.Tests.Maps.Sql;

/// <summary>
/// Finds PostgreSQL's server binaries, installing Debian's <c>postgresql</c> package once per test run when they are
/// missing: a fresh CI machine has none. A file lock keeps parallel test processes from running apt at the same time.
/// </summary>
internal static class PostgresInstallation
{
    private const string Package = "postgresql";
    private const string VersionsRoot = "/usr/lib/postgresql";

    private static readonly string LockPath = Path.Combine(Path.GetTempPath(), "actormailproxy-postgresql-install.lock");
    private static readonly Lazy<Task<string>> Once = new(EnsureCoreAsync);

    /// <summary>The newest <c>/usr/lib/postgresql/N/bin</c> holding initdb and pg_ctl; every caller shares the first attempt.</summary>
    public static Task<string> BinDirectoryAsync() => Once.Value;

    private static async Task<string> EnsureCoreAsync()
    {
        if (Find() is { } found)
        {
            return found;
        }

        await using (await AcquireLockAsync())
        {
            if (Find() is { } installedMeanwhile)
            {
                return installedMeanwhile;
            }

            var install = await AptGetAsync("install", "-y", "-q", Package);
            if (install.ExitCode != 0)
            {
                // A fresh machine may have no package lists yet.
                var update = await AptGetAsync("update", "-q");
                install = await AptGetAsync("install", "-y", "-q", Package);
                if (install.ExitCode != 0)
                {
                    throw new InvalidOperationException(
                        $"PostgreSQL is missing and `apt-get install -y {Package}` failed (exit {install.ExitCode}); " +
                        "install it by hand (scripts/test.sh does) or run the tests as root.\n" +
                        $"apt-get update (exit {update.ExitCode}):\n{Tail(update.Output)}\napt-get install:\n{Tail(install.Output)}");
                }
            }
        }

        return Find() ?? throw new InvalidOperationException(
            $"apt-get installed {Package}, yet no {VersionsRoot}/*/bin has initdb and pg_ctl");
    }

    private static string? Find() =>
        Directory.Exists(VersionsRoot)
            ? Directory.EnumerateDirectories(VersionsRoot)
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;

    // On Unix, FileShare.None takes an exclusive flock, so the lock is shared with every other test process.
    private static async Task<FileStream> AcquireLockAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(15);
        while (true)
        {
            try
            {
                return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }
        }
    }

    private static async Task<(int ExitCode, string Output)> AptGetAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("apt-get")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["DEBIAN_FRONTEND"] = "noninteractive" },
        };
        // Waits for another apt run on the machine instead of failing on dpkg's own lock.
        foreach (var argument in new[] { "-o", "DPkg::Lock::Timeout=300" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var apt = Process.Start(start) ?? throw new InvalidOperationException("apt-get did not start");
            var stdout = apt.StandardOutput.ReadToEndAsync();
            var stderr = apt.StandardError.ReadToEndAsync();
            await apt.WaitForExitAsync();
            return (apt.ExitCode, await stdout + await stderr);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"apt-get could not be run: {e.Message}");
        }
    }

    private static string Tail(string text) => string.Join('\n', text.Split('\n').TakeLast(20));
}
