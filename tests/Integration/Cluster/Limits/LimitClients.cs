using ActorMailProxy.Integration.Fixtures.Dovecot;
using ActorMailProxy.Integration.Fixtures.Raw;

namespace ActorMailProxy.Integration.Cluster.Limits;

/// <summary>IMAP clients of the limit tests, each from a chosen loopback address, with patience where a place is being given back.</summary>
internal static class LimitClients
{
    private const int Attempts = 100;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// A connection the node greeted. A place given back a moment ago (a close, on any node) may not have reached its
    /// keeper yet, so a refusal is tried again, a bounded number of times.
    /// </summary>
    public static async Task<RawLineClient> AdmittedAsync(ClusterNode node, string from)
    {
        string? last = null;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var client = await RawLineClient.ConnectFromAsync(from, node.Host, node.ImapPort);
            last = await client.ReadLineAsync();
            if (last?.StartsWith("* OK ", StringComparison.Ordinal) == true)
            {
                return client;
            }
            await client.DisposeAsync();
            await Task.Delay(Pause);
        }
        throw new Xunit.Sdk.XunitException($"{node} never admitted a connection from {from}; last: {last}");
    }

    /// <summary>The first line a new connection gets, for one that should be refused; the connection is closed after.</summary>
    public static async Task<string?> RefusalAsync(ClusterNode node, string from)
    {
        await using var client = await RawLineClient.ConnectFromAsync(from, node.Host, node.ImapPort);
        return await client.ReadLineAsync();
    }

    public static async Task<RawLineClient> LoggedInAsync(ClusterNode node, string from, MailUser user)
    {
        var client = await AdmittedAsync(node, from);
        await client.SendAsync($"a LOGIN {user.Name} {user.Password}\r\n");
        var reply = await client.ReadLineAsync();
        if (reply?.StartsWith("a OK ", StringComparison.Ordinal) != true)
        {
            await client.DisposeAsync();
            throw new Xunit.Sdk.XunitException($"login of {user.Name} through {node} failed: {reply}");
        }
        return client;
    }

    /// <summary>Logs in again and again on the same connection while the answer is NO [LIMIT].</summary>
    public static async Task<bool> EventuallyLogsInAsync(RawLineClient client, MailUser user)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            await client.SendAsync($"r{attempt} LOGIN {user.Name} {user.Password}\r\n");
            var reply = await client.ReadLineAsync();
            if (reply?.StartsWith($"r{attempt} OK ", StringComparison.Ordinal) == true)
            {
                return true;
            }
            if (reply?.Contains("[LIMIT]", StringComparison.Ordinal) != true)
            {
                throw new Xunit.Sdk.XunitException($"unexpected reply: {reply}");
            }
            await Task.Delay(Pause);
        }
        return false;
    }
}

/// <summary>Clients a test holds open, closed in any order the test says and all at the end.</summary>
internal sealed class ClientSet : IAsyncDisposable
{
    private readonly List<RawLineClient?> _clients = [];

    public void Add(RawLineClient client) => _clients.Add(client);

    /// <summary>How many were added (closed ones included).</summary>
    public int Count => _clients.Count;

    /// <summary>The client added as number <paramref name="index"/>; null once closed.</summary>
    public RawLineClient? this[int index] => _clients[index];

    public async Task CloseAsync(int index)
    {
        if (_clients[index] is { } client)
        {
            await client.DisposeAsync();
            _clients[index] = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = 0; i < _clients.Count; i++)
        {
            await CloseAsync(i);
        }
    }
}
