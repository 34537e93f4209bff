using System.Diagnostics;

namespace ActorMailProxy.Integration;

/// <summary>
/// Makes sure the Dovecot binaries are on the machine, installing Debian's packages once per test run when they are not.
/// A fresh CI machine has no Dovecot; a file lock keeps parallel test processes from running apt at the same time.
/// </summary>
internal static class DovecotInstallation
{
    public const string Binary = "/usr/sbin/dovecot";

    private const string LibExec = "/usr/lib/dovecot";
    private static readonly string[] Packages = ["dovecot-imapd", "dovecot-pop3d", "dovecot-managesieved"];

    // Debian's paths: the packages above install the daemons the fixture's dovecot.conf enables.
    private static readonly string[] Required =
    [
        Binary,
        $"{LibExec}/imap", $"{LibExec}/imap-login",
        $"{LibExec}/pop3", $"{LibExec}/pop3-login",
        $"{LibExec}/managesieve", $"{LibExec}/managesieve-login",
    ];

    private static readonly string LockPath = Path.Combine(Path.GetTempPath(), "actormailproxy-dovecot-install.lock");
    private static readonly TimeSpan LockWait = TimeSpan.FromMinutes(15);

    private static readonly Lazy<Task> Once = new(EnsureCoreAsync);

    /// <summary>Completes when Dovecot is installed; every caller of one test run shares the first attempt and its failure.</summary>
    public static Task EnsureAsync() => Once.Value;

    private static async Task EnsureCoreAsync()
    {
        if (Missing().Count == 0)
            return;

        await using var held = await AcquireLockAsync();
        if (Missing().Count == 0)
            return;

        var install = await AptGetAsync(["install", "-y", "-q", .. Packages]);
        if (install.ExitCode != 0)
        {
            // A fresh machine may have no package lists yet.
            var update = await AptGetAsync(["update", "-q"]);
            install = await AptGetAsync(["install", "-y", "-q", .. Packages]);
            if (install.ExitCode != 0)
                throw new InvalidOperationException(
                    $"Dovecot is missing and `apt-get install -y {string.Join(' ', Packages)}` failed (exit {install.ExitCode}).\n"
                    + $"apt-get update (exit {update.ExitCode}):\n{Tail(update.Output)}\napt-get install:\n{Tail(install.Output)}");
        }

        if (Missing() is { Count: > 0 } missing)
            throw new InvalidOperationException($"apt-get installed {string.Join(' ', Packages)}, yet these are still missing: {string.Join(", ", missing)}");
    }

    private static List<string> Missing() => Required.Where(path => !File.Exists(path)).ToList();

    // On Unix, FileShare.None takes an exclusive flock, so the lock is shared with every other test process.
    private static async Task<FileStream> AcquireLockAsync()
    {
        var deadline = DateTime.UtcNow + LockWait;
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

    private static async Task<(int ExitCode, string Output)> AptGetAsync(IEnumerable<string> arguments)
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
            start.ArgumentList.Add(argument);

        using var apt = Process.Start(start) ?? throw new InvalidOperationException("Could not start apt-get.");
        var stdout = apt.StandardOutput.ReadToEndAsync();
        var stderr = apt.StandardError.ReadToEndAsync();
        await apt.WaitForExitAsync();
        return (apt.ExitCode, await stdout + await stderr);
    }

    private static string Tail(string text) => string.Join('\n', text.Split('\n').TakeLast(20));
}
