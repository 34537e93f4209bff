using System.Diagnostics;
using MailKit.Net.Imap;
using MailKit.Security;
using ActorMailProxy.Integration.Fixtures.Dovecot;

namespace ActorMailProxy.Integration.Cluster.Failover;

/// <summary>
/// Steady IMAP logins (MailKit: connect, authenticate, log out) through some nodes of a cluster, each timed from
/// the connect to the login's OK, every one recorded with the moment it started.
/// </summary>
internal sealed class LoginLoad
{
    private readonly List<Login> _logins = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _workers = [];

    public TimeSpan Elapsed => _clock.Elapsed;

    public IReadOnlyList<Login> Logins
    {
        get
        {
            lock (_logins)
            {
                return [.. _logins];
            }
        }
    }

    /// <summary><paramref name="workersPerNode"/> clients log in one after another through each of <paramref name="nodes"/>, as <paramref name="users"/> in turn.</summary>
    public void Start(IReadOnlyList<ClusterNode> nodes, int workersPerNode, IReadOnlyList<MailUser> users)
    {
        for (var w = 0; w < nodes.Count * workersPerNode; w++)
        {
            var (node, first) = (nodes[w % nodes.Count], w);
            _workers.Add(Task.Run(async () =>
            {
                for (var turn = first; !_stop.IsCancellationRequested; turn += nodes.Count * workersPerNode)
                {
                    await LogInAsync(node, users[turn % users.Count]);
                }
            }));
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
    }

    private async Task LogInAsync(ClusterNode node, MailUser user)
    {
        var started = _clock.Elapsed;
        string? failure = null;
        TimeSpan took;
        try
        {
            using var client = new ImapClient { Timeout = 30_000 };
            await client.ConnectAsync(node.Host, node.ImapPort, SecureSocketOptions.None);
            await client.AuthenticateAsync(user.Name, user.Password);
            took = _clock.Elapsed - started;
            await client.DisconnectAsync(quit: true);
        }
        catch (Exception e)
        {
            took = _clock.Elapsed - started;
            failure = $"{e.GetType().Name}: {e.Message}";
        }
        lock (_logins)
        {
            _logins.Add(new Login(node.Index, user.Name, started, took, failure));
        }
    }

    public sealed record Login(int Node, string User, TimeSpan Started, TimeSpan Took, string? Failure);
}
