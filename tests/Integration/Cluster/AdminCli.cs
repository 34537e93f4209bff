using ActorMailProxy.Integration.Executable;
namespace ActorMailProxy.Integration.Cluster;

/// <summary>What an operator command printed (stdout and stderr together) and its exit code.</summary>
public sealed record CliRun(int ExitCode, string Output);

/// <summary>The operator commands (<c>actormailproxy map …</c>, <c>cluster …</c>) run as the operator runs them: their own process.</summary>
public static class AdminCli
{
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        await using var process = ProxyProcess.StartExecutable(args);
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60))
            ?? throw new TimeoutException($"actormailproxy {string.Join(' ', args)} did not end within 60 s:\n{process.Output}");
        return new CliRun(exitCode, process.Output);
    }
}
