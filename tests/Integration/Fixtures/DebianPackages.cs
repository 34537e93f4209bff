using System.Diagnostics;

namespace ActorMailProxy.Integration.Fixtures;

/// <summary>
/// Installs Debian packages a fixture needs when the files it runs are missing: once per lock name, under a file lock so
/// parallel test processes never run apt at the same time, with <c>apt-get update</c> only if the first install fails
/// (a fresh machine may have no package lists yet). Needs root, as CI has.
/// </summary>
internal sealed record DebianPackages(string What, IReadOnlyList<string> Packages, IReadOnlyList<string> Required, string LockName, string? Preseed = null)
{
    private static readonly TimeSpan LockWait = TimeSpan.FromMinutes(15);

    /// <summary>Completes when every <see cref="Required"/> file exists, installing <see cref="Packages"/> first if one does not.</summary>
    public async Task EnsureAsync()
    {
        if (Missing().Count == 0)
            return;

        await using var held = await AcquireLockAsync(Path.Combine(Path.GetTempPath(), $"actormailproxy-{LockName}-install.lock"));
        if (Missing().Count == 0)
            return;

        if (Preseed is not null)
        {
            var preseed = await RunAsync("debconf-set-selections", [], Preseed);
            if (preseed.ExitCode != 0)
                throw new InvalidOperationException($"debconf-set-selections failed (exit {preseed.ExitCode}):\n{Tail(preseed.Output)}");
        }

        var install = await AptGetAsync(["install", "-y", "-q", .. Packages]);
        if (install.ExitCode != 0)
        {
            var update = await AptGetAsync(["update", "-q"]);
            install = await AptGetAsync(["install", "-y", "-q", .. Packages]);
            if (install.ExitCode != 0)
                throw new InvalidOperationException(
                    $"{What} is missing and `apt-get install -y {string.Join(' ', Packages)}` failed (exit {install.ExitCode}).\n"
                    + $"apt-get update (exit {update.ExitCode}):\n{Tail(update.Output)}\napt-get install:\n{Tail(install.Output)}");
        }

        if (Missing() is { Count: > 0 } missing)
            throw new InvalidOperationException($"apt-get installed {string.Join(' ', Packages)}, yet these are still missing: {string.Join(", ", missing)}");
    }

    private List<string> Missing() => Required.Where(path => !File.Exists(path)).ToList();

    // On Unix, FileShare.None takes an exclusive flock, so the lock is shared with every other test process.
    private static async Task<FileStream> AcquireLockAsync(string path)
    {
        var deadline = DateTime.UtcNow + LockWait;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
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
