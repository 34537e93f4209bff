using System.Globalization;
using ActorMailProxy.Audit.Journal;
using ActorMailProxy.Bench.Targets;
using ActorMailProxy.Integration.Fixtures.Dovecot;

namespace ActorMailProxy.Bench.Audit;

/// <summary>
/// Makes a journal's tables the one way that is sure to match the proxy's: the real proxy (the build under test) is
/// started once on the empty journal, its journal plugin creates them (auto-initialize), and it is stopped. Whatever
/// else that build creates at its start (a read model's table, say) is made the same way.
/// </summary>
public static class JournalSchema
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    public static async Task CreateAsync(JournalSpec journal, string assembly, string workDir)
    {
        ActorMailProxyTarget.EnsureBuilt(assembly);
        var ports = LoopbackPorts.Take(2);
        // Nothing connects to it: its listener leads nowhere (port 1), it keeps no spool.
        await using var node = ChildProcess.Start("dotnet",
        [
            assembly, "-P", "POP3", "-l", ports[0].ToString(CultureInfo.InvariantCulture), "-b", DovecotInstance.LoopbackHost,
            "-M", "", "-s", DovecotInstance.LoopbackHost, "-p", "1", "-f", "",
            "--journal", journal.Option(), "--audit_spool", "",
            "--cluster_host", DovecotInstance.LoopbackHost, "--cluster_port", ports[1].ToString(CultureInfo.InvariantCulture),
            "-F", Path.Combine(workDir, $"schema-{journal.Kind().ToLowerInvariant()}.log"),
        ]);
        var deadline = DateTime.UtcNow + Limit;
        while (!await HasTablesAsync(journal))
        {
            if (node.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"the proxy made no journal tables within {Limit.TotalSeconds:0} s:\n{node.OutputTail}");
            }
            await Task.Delay(250);
        }
        // Stopped as a service is, so that it finishes whatever it was creating.
        await node.StopAsync(TimeSpan.FromSeconds(30));
    }

    private static async Task<bool> HasTablesAsync(JournalSpec journal)
    {
        try
        {
            return await JournalReads.HasTablesAsync(journal);
        }
        catch (System.Data.Common.DbException)
        {
            // SQLite: the file is being created, or locked for a moment.
            return false;
        }
    }
}
