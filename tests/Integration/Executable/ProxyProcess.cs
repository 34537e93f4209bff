using System.Collections.Concurrent;
using System.Diagnostics;
using ActorMailProxy.Integration.Fixtures.Dovecot;

namespace ActorMailProxy.Integration.Executable;

/// <summary>The proxy as its own OS process (the built executable, or <c>dotnet run</c>), with its output collected.</summary>
public sealed class ProxyProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly string? _journalDirectory;

    private ProxyProcess(Process process, string? journalDirectory)
    {
        _process = process;
        _journalDirectory = journalDirectory;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _output.Enqueue(e.Data);
                _errors.Enqueue(e.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public string Output => string.Join("\n", _output);

    /// <summary>What it wrote to stderr alone, line by line.</summary>
    public IReadOnlyList<string> Errors => [.. _errors];

    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Runs the built executable (what the test project built alongside itself).</summary>
    public static ProxyProcess StartExecutable(params string[] args) =>
        Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "actormailproxy.dll"), .. args]);

    /// <summary>Runs <c>dotnet run --project src/Gateway -- args</c> from the repository, as the README does.</summary>
    public static ProxyProcess StartDotnetRun(params string[] args) =>
        Start("dotnet", ["run", "--no-build", "--project", Path.Combine(RepositoryRoot, "src", "Gateway"), "--", .. args]);

    /// <summary>
    /// Runs the built executable in <paramref name="workingDirectory"/> with <paramref name="environment"/> added and the
    /// audit journal and spool left to their defaults (the caller owns the directories).
    /// </summary>
    public static ProxyProcess StartWithAuditDefaults(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = Info("dotnet", [Path.Combine(AppContext.BaseDirectory, "actormailproxy.dll"), .. args], workingDirectory);
        foreach (var (variable, value) in environment)
        {
            info.Environment[variable] = value;
        }
        return new ProxyProcess(Process.Start(info) ?? throw new InvalidOperationException("cannot start dotnet"), null);
    }

    private static ProxyProcess Start(string file, IReadOnlyList<string> args)
    {
        var info = Info(file, args, RepositoryRoot);
        // The audit journal and spool in a directory of their own, not the repository the process runs in (where a
        // killed test process's spool would be replayed by the next one, into another test's journal).
        var journal = Directory.CreateTempSubdirectory("amp-journal-").FullName;
        info.Environment["MAILPROXY_JOURNAL"] = $"sqlite:{Path.Combine(journal, "audit.db")}";
        info.Environment["MAILPROXY_AUDIT_SPOOL"] = Path.Combine(journal, "spool");
        return new ProxyProcess(Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}"), journal);
    }

    private static ProcessStartInfo Info(string file, IReadOnlyList<string> args, string workingDirectory)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return info;
    }

    public async Task WaitForOutputAsync(string text, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"'{text}' did not appear (exited: {_process.HasExited}). Output:\n{Output}");
            }
            await Task.Delay(50);
        }
    }

    public void Terminate() => Libc.Kill(_process.Id, Libc.SigTerm);

    /// <summary>kill -9: no drain, no leaving the cluster; what a crashed machine looks like to the others.</summary>
    public void Kill() => _process.Kill();

    public bool HasExited => _process.HasExited;

    public void Hangup() => Libc.Kill(_process.Id, Libc.SigHup);

    /// <summary>The exit code, or null if it is still running after <paramref name="timeout"/>.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        if (_journalDirectory is not null)
        {
            Directory.Delete(_journalDirectory, recursive: true);
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ActorMailProxy.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("ActorMailProxy.sln not found above the test binaries");
    }
}
