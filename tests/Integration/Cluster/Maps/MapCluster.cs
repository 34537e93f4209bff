using ActorMailProxy.Protocols;
using ActorMailProxy.Integration.Fixtures;
using ActorMailProxy.Integration.Fixtures.Dovecot;

namespace ActorMailProxy.Integration.Cluster.Maps;

/// <summary>
/// A three-node cluster whose nodes all read one SQL map table (perdition's layout), routing IMAP logins to the
/// fixture's Dovecots; a test changes rows with <see cref="RouteAsync"/>. One per test class (a class fixture).
/// </summary>
public abstract class MapCluster(TwoBackendsFixture backends) : IAsyncLifetime
{
    /// <summary>Long enough for the steps a test takes before it relies on an answer still being cached; short enough to wait out.</summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(10);

    private ProxyCluster? _cluster;

    public TwoBackendsFixture Backends => backends;

    public ProxyCluster Cluster => _cluster ?? throw new InvalidOperationException("the cluster has not been started");

    /// <summary>-M: the map library's name.</summary>
    protected abstract string Library { get; }

    /// <summary>Creates the table; returns -m for it.</summary>
    protected abstract Task<string> OpenTableAsync();

    protected abstract Task CloseTableAsync();

    /// <summary>Runs SQL on the table; parameters are named without a prefix and written @name in <paramref name="sql"/>.</summary>
    protected abstract Task ExecuteAsync(string sql, params (string Name, object? Value)[] parameters);

    /// <summary>From now on the map routes <paramref name="user"/>'s IMAP logins to <paramref name="backend"/> (insert or update).</summary>
    public Task RouteAsync(MailUser user, DovecotInstance backend) => ExecuteAsync(
        """
        INSERT INTO tblPerdition ("user", servername, port) VALUES (@user, @server, @port)
        ON CONFLICT ("user") DO UPDATE SET servername = excluded.servername, port = excluded.port
        """,
        ("user", user.Name), ("server", backend.Host), ("port", $"{backend.ImapPort}"));

    public async Task InitializeAsync()
    {
        var option = await OpenTableAsync();
        _cluster = await ProxyCluster.StartAsync(new ClusterLaunch
        {
            Protocols = [MailProtocol.Imap4],
            ProxyArgs = ["-M", Library, "-m", option],
            Hocon = $"mailproxy.user-map.ttl = {Ttl.TotalSeconds}s",
        });
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_cluster is not null)
            {
                await _cluster.DisposeAsync();
            }
        }
        finally
        {
            await CloseTableAsync();
        }
    }
}
