using System.Diagnostics;
using MailKit.Net.Imap;
using MailKit.Security;
using ActorMailProxy.Integration.Fixtures.Dovecot;

namespace ActorMailProxy.Integration.Cluster;

/// <summary>One IMAP login: when it started, through which node, as whom, how long from connect to LOGIN's OK, and why it failed (null: it did not).</summary>
public sealed record LoginAttempt(TimeSpan StartedAt, ClusterNode Node, string User, TimeSpan Took, string? Failure);

/// <summary>
/// MailKit clients logging in through some nodes at a steady pace until stopped: each worker starts a login every
/// <c>interval</c> (at once when the last took longer), the nodes and users taken in turn across all workers.
/// </summary>
public sealed class SteadyLogins
{
    private readonly IReadOnlyList<ClusterNode> _nodes;
    private readonly IReadOnlyList<MailUser> _users;
    private readonly TimeSpan _interval;
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<LoginAttempt> _attempts = [];
    private readonly List<Task> _workers;
    private int _turn = -1;

    private SteadyLogins(IReadOnlyList<ClusterNode> nodes, IReadOnlyList<MailUser> users, int workers, TimeSpan interval)
    {
        _nodes = nodes;
        _users = users;
        _interval = interval;
        _workers = [.. Enumerable.Range(0, workers).Select(_ => Task.Run(WorkAsync))];
    }

    /// <summary>Time since the logins started, on the clock <see cref="LoginAttempt.StartedAt"/> is read from.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    public static SteadyLogins Start(IReadOnlyList<ClusterNode> nodes, IReadOnlyList<MailUser> users, int workers, TimeSpan interval) =>
        new(nodes, users, workers, interval);

    /// <summary>Lets the logins under way finish, then returns every attempt in the order they ended.</summary>
    public async Task<IReadOnlyList<LoginAttempt>> StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
        _stop.Dispose();
        lock (_attempts)
        {
            return [.. _attempts];
        }
    }

    private async Task WorkAsync()
    {
        var next = _clock.Elapsed;
        while (!_stop.IsCancellationRequested)
        {
            var turn = Interlocked.Increment(ref _turn);
            var attempt = await LoginAsync(_nodes[turn % _nodes.Count], _users[turn / _nodes.Count % _users.Count]);
            lock (_attempts)
            {
                _attempts.Add(attempt);
            }

            next += _interval;
            var wait = next - _clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }
            else
            {
                next = _clock.Elapsed;
            }
        }
    }

    /// <summary>One login and its LOGOUT, timed from connect to LOGIN's OK.</summary>
    public static Task<LoginAttempt> LoginOnceAsync(ClusterNode node, MailUser user) => LoginAsync(Stopwatch.StartNew(), node, user);

    private Task<LoginAttempt> LoginAsync(ClusterNode node, MailUser user) => LoginAsync(_clock, node, user);

    private static async Task<LoginAttempt> LoginAsync(Stopwatch clock, ClusterNode node, MailUser user)
    {
        var startedAt = clock.Elapsed;
        var took = TimeSpan.Zero;
        // A login that hangs is a failure to see, not a test that waits for ever.
        using var client = new ImapClient { Timeout = 10_000 };
        try
        {
            await client.ConnectAsync(node.Host, node.ImapPort, SecureSocketOptions.None);
            await client.AuthenticateAsync(user.Name, user.Password);
            took = clock.Elapsed - startedAt;
            await client.DisconnectAsync(true);
            return new LoginAttempt(startedAt, node, user.Name, took, null);
        }
        catch (Exception e)
        {
            return new LoginAttempt(startedAt, node, user.Name, took == TimeSpan.Zero ? clock.Elapsed - startedAt : took, $"{e.GetType().Name}: {e.Message}");
        }
    }
}
