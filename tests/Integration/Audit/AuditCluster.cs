using System.Text.RegularExpressions;
using ActorMailProxy.Integration.Cluster;
using ActorMailProxy.Protocols;
using ActorMailProxy.Routing.Tests.Maps.Sql;
using ActorMailProxy.Integration.Fixtures;

namespace ActorMailProxy.Integration.Audit;

/// <summary>
/// Three proxy nodes as processes in front of the alpha Dovecot (POP3 and IMAP, no map), storing the audit log in one
/// PostgreSQL journal; each node's spool is a directory of the cluster's (<see cref="ClusterNode.Spool"/>).
/// </summary>
public static class AuditCluster
{
    /// <summary>The partitions of the log that have started on <paramref name="node"/> (each logs its recovery from the journal there).</summary>
    public static IReadOnlyList<string> HostedPartitions(ClusterNode node) =>
        [.. Regex.Matches(node.Output, @"Audit log (\S+) recovered at sequence number").Select(m => m.Groups[1].Value).Distinct()];

    public static Task<ProxyCluster> StartAsync(TwoBackendsFixture backends, string journal, string hocon = "") =>
        ProxyCluster.StartAsync(new ClusterLaunch
        {
            Protocols = [MailProtocol.Pop3, MailProtocol.Imap4],
            ProxyArgs = ["-M", "", "-s", backends.Alpha.Host, "-p", $"{backends.Alpha.Pop3Port},{backends.Alpha.ImapPort}", "--journal", "postgres:" + journal],
            Hocon = hocon,
        });

    /// <summary>
    /// A node that hosts a partition of the log (the oldest such), and that partition: a partition starts with the first
    /// probe of a node whose events go to it, and stays where sharding put it until that node goes.
    /// </summary>
    public static (ClusterNode Node, string Partition) LogHost(ProxyCluster cluster) =>
        cluster.Nodes.OrderBy(n => n.Index).Select(n => (n, HostedPartitions(n).FirstOrDefault())).First(h => h.Item2 is not null)!;

    /// <summary>Polls the journal until it holds at least <paramref name="events"/> audit events; returns the rows last read.</summary>
    public static Task<IReadOnlyList<StoredAuditEvent>> WaitForStoredAsync(string journal, int events, TimeSpan timeout) =>
        AuditJournalTables.WaitForAsync(() => AuditJournalTables.ReadPostgresAsync(journal), r => r.Count >= events, timeout);

    /// <summary>
    /// Waits until no node's spool holds an unconfirmed event, which is when a node's backlog is empty; from outside the
    /// process this is what <c>IAuditTrail.Waiting == 0</c> is inside it. Then no redelivery, so no late copy, can come.
    /// </summary>
    public static async Task WaitUntilConfirmedAsync(IEnumerable<ClusterNode> nodes, TimeSpan timeout)
    {
        foreach (var node in nodes)
        {
            var left = await SpoolOnDisk.WaitForAsync(node.Spool, l => l.Events.Count == 0, timeout);
            Assert.True(left.Events.Count == 0, $"{node}'s spool still holds {left.Events.Count} unconfirmed events");
        }
    }

    /// <summary>Once every event is stored, each node's spool has deleted every full segment (the watermark moves a moment before).</summary>
    public static async Task AssertSpoolsKeepOnlyTheSegmentBeingFilledAsync(ProxyCluster cluster)
    {
        foreach (var node in cluster.Nodes)
        {
            await AuditJournalTables.WaitUntilAsync(() => SpoolOnDisk.Segments(node.Spool) <= 1, TimeSpan.FromSeconds(5));
            Assert.True(SpoolOnDisk.Segments(node.Spool) <= 1, $"{node} kept segments whose events are all stored");
        }
    }

    /// <summary>No test password (nor its PLAIN base64) in the database or any node's output, nor the database's password in an output.</summary>
    public static async Task AssertNoSecretsAsync(string journal, PostgresFixture pg, IEnumerable<(string Name, string Output)> outputs)
    {
        AuditJournalAssert.NoSecretIn(await PostgresJournal.EverythingStoredAsync(journal), "the database");
        foreach (var (name, output) in outputs)
        {
            AuditJournalAssert.NoSecretIn(output, $"{name}'s output");
            Assert.DoesNotContain(pg.Password, output);
        }
    }

    public static IEnumerable<(string Name, string Output)> Outputs(ProxyCluster cluster) => cluster.Nodes.Select(n => (n.ToString(), n.Output));
}
