using System.Diagnostics;
using System.Text;
using ActorMailProxy.Integration.Fixtures.Dovecot;

namespace ActorMailProxy.Integration.Fixtures;

/// <summary>A server's master process run in the foreground by a fixture (Dovecot, Postfix): its console kept for error messages, stopped by SIGTERM.</summary>
internal static class DaemonProcess
{
    /// <summary>Starts <paramref name="program"/>; what it prints (config errors come before any log file exists) goes to <paramref name="console"/>.</summary>
    public static Process Start(string program, IEnumerable<string> arguments, StringBuilder console, Func<string, Exception> cannotStart)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        var master = Process.Start(start) ?? throw cannotStart($"Could not start {program}.");
        master.OutputDataReceived += (_, e) => Append(console, e.Data);
        master.ErrorDataReceived += (_, e) => Append(console, e.Data);
        master.BeginOutputReadLine();
        master.BeginErrorReadLine();
        return master;
    }

    /// <summary>SIGTERM, so the master stops its children itself; a kill of the whole tree when it has not exited within <paramref name="timeout"/>.</summary>
    public static async Task StopAsync(Process master, TimeSpan timeout)
    {
        if (master.HasExited)
            return;
        Libc.Kill(master.Id, Libc.SigTerm);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await master.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            master.Kill(entireProcessTree: true);
            await master.WaitForExitAsync();
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
            return;
        lock (output)
            output.AppendLine(line);
    }
}
