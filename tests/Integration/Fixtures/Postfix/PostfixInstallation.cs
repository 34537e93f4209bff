using System.Diagnostics;

namespace ActorMailProxy.Integration;

/// <summary>
/// Makes sure Postfix and swaks are on the machine, installing Debian's packages once per test run when they are not.
/// The install is preseeded to "No configuration", so it neither writes /etc/postfix/main.cf nor starts a mail server
/// on port 25; a file lock keeps parallel test processes from running apt at the same time.
/// </summary>
internal static class PostfixInstallation
{
    public const string PostfixCommand = "/usr/sbin/postfix";
    public const string Master = "/usr/lib/postfix/sbin/master";
    public const string Swaks = "/usr/bin/swaks";

    // util-linux, essential on Debian: puts master in a process group of its own (see PostfixInstance.StartMaster).
    public const string Setsid = "/usr/bin/setsid";

    private const string Preseed = "postfix postfix/main_mailer_type select No configuration\n";
    private static readonly string[] Packages = ["postfix", "swaks"];
    private static readonly string[] Required = [PostfixCommand, Master, Swaks, Setsid];

    private static readonly string LockPath = Path.Combine(Path.GetTempPath(), "actormailproxy-postfix-install.lock");
    private static readonly TimeSpan LockWait = TimeSpan.FromMinutes(15);

    private static readonly Lazy<Task> Once = new(EnsureCoreAsync);

    /// <summary>Completes when Postfix and swaks are installed; every caller of one test run shares the first attempt.</summary>
    public static Task EnsureAsync() => Once.Value;

    private static async Task EnsureCoreAsync()
    {
        if (Missing().Count == 0)
            return;

        await using var held = await AcquireLockAsync();
        if (Missing().Count == 0)
            return;

        var preseed = await RunAsync("debconf-set-selections", [], Preseed);
        if (preseed.ExitCode != 0)
            throw new InvalidOperationException($"debconf-set-selections failed (exit {preseed.ExitCode}):\n{Tail(preseed.Output)}");

        var install = await AptGetAsync(["install", "-y", "-q", .. Packages]);
        if (install.ExitCode != 0)
        {
            // A fresh machine may have no package lists yet.
            var update = await AptGetAsync(["update", "-q"]);
            install = await AptGetAsync(["install", "-y", "-q", .. Packages]);
            if (install.ExitCode != 0)
                throw new InvalidOperationException(
                    $"Postfix is missing and `apt-get install -y {string.Join(' ', Packages)}` failed (exit {install.ExitCode}).\n"
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

    // Waits for another apt run on the machine instead of failing on dpkg's own lock.
    private static Task<(int ExitCode, string Output)> AptGetAsync(IEnumerable<string> arguments) =>
        RunAsync("apt-get", ["-o", "DPkg::Lock::Timeout=300", .. arguments], input: null);

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, IEnumerable<string> arguments, string? input)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["DEBIAN_FRONTEND"] = "noninteractive" },
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
            await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string Tail(string text) => string.Join('\n', text.Split('\n').TakeLast(20));
}
