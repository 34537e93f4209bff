using System.Diagnostics;
using System.Net.Sockets;
using System.Net;
using System.Runtime.Versioning;
using ActorMailProxy.Routing.Maps;
using ActorMailProxy.Routing.Maps.Sql;
using Xunit.Abstractions;

namespace ActorMailProxy.Routing.Tests.Maps.Sql;

[SupportedOSPlatform("linux")]
[Collection(PostgresCollection.Name)]
public sealed class PostgresMapSourceTests(PostgresFixture server, ITestOutputHelper output) : IAsyncLifetime
{
    // Generous: only catches a hang. The sources themselves give up after a few seconds.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    public async Task InitializeAsync()
    {
        await server.ExecuteAsync("DELETE FROM tblPerdition");
        await server.ExecuteAsync("""
            INSERT INTO tblPerdition ("user", servername, port) VALUES
              ('bob', 'imap1.example.org', NULL),
              ('carol', 'imap2.example.org', '1143'),
              ('dave', 'david@imap3.example.org', NULL),
              ('erin', 'erin.e@imap4.example.org:110', '143'),
              ('frank', 'imap5.example.org', '')
            """);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private PostgresMapSource Source(string option) => new(PostgresMapOptions.Parse(option));

    private static async Task<MapAnswer> Lookup(IMapSource source, string key) =>
        await source.LookupAsync(key, CancellationToken.None).AsTask().WaitAsync(HangGuard);

    [Fact]
    public void The_server_starts_quickly_enough_to_share()
    {
        output.WriteLine($"PostgreSQL fixture started in {server.StartedIn.TotalSeconds:0.00} s on port {server.Port}");
        Assert.True(server.StartedIn < TimeSpan.FromSeconds(60));
    }

    [Theory]
    [InlineData("bob", "imap1.example.org")]
    [InlineData("carol", "imap2.example.org:1143")]
    [InlineData("dave", "david@imap3.example.org")]
    [InlineData("erin", "erin.e@imap4.example.org:143")]
    [InlineData("frank", "imap5.example.org")]
    public async Task Finds_routes_in_the_table_perditiondb_postgresql_makedb_creates(string key, string expected)
    {
        using var source = Source(server.Option());

        Assert.Equal(new MapAnswer.Found(expected), await Lookup(source, key));
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("Bob")]
    [InlineData("bob ")]
    [InlineData("bo")]
    [InlineData("")]
    public async Task Other_keys_are_not_found(string key)
    {
        using var source = Source(server.Option());

        Assert.Same(MapAnswer.NotFound.Instance, await Lookup(source, key));
    }

    [Fact]
    public async Task All_nine_fields_of_perditions_option_are_used()
    {
        await server.ExecuteAsync("CREATE SCHEMA IF NOT EXISTS mail");
        await server.ExecuteAsync("DROP TABLE IF EXISTS mail.routes");
        await server.ExecuteAsync("CREATE TABLE mail.routes (login text PRIMARY KEY, backend text NOT NULL, backend_port integer, note text)");
        await server.ExecuteAsync("INSERT INTO mail.routes VALUES ('bob', 'imap9.example.org', 993, 'x'), ('nullport', 'imap8', NULL, NULL)");
        using var source = Source(server.Option("mail.routes", "backend:login:backend_port"));

        Assert.Equal(new MapAnswer.Found("imap9.example.org:993"), await Lookup(source, "bob"));
        Assert.Equal(new MapAnswer.Found("imap8"), await Lookup(source, "nullport"));
        Assert.Same(MapAnswer.NotFound.Instance, await Lookup(source, "carol"));
    }

    [Fact]
    public async Task A_changed_row_is_seen_by_the_next_lookup()
    {
        using var source = Source(server.Option());
        Assert.Equal(new MapAnswer.Found("imap1.example.org"), await Lookup(source, "bob"));

        await server.ExecuteAsync("UPDATE tblPerdition SET servername = 'imap7.example.org', port = '2143' WHERE \"user\" = 'bob'");
        Assert.Equal(new MapAnswer.Found("imap7.example.org:2143"), await Lookup(source, "bob"));

        await server.ExecuteAsync("DELETE FROM tblPerdition WHERE \"user\" = 'bob'");
        Assert.Same(MapAnswer.NotFound.Instance, await Lookup(source, "bob"));
    }

    [Fact]
    public async Task The_next_host_is_tried_when_the_first_refuses()
    {
        // All of 127/8 is loopback on Linux, but the server listens on 127.0.0.1 only.
        using var source = Source(server.Option().Replace(PostgresFixture.Host, $"127.0.0.2,{PostgresFixture.Host}"));

        Assert.Equal(new MapAnswer.Found("imap1.example.org"), await Lookup(source, "bob"));
    }

    [Fact]
    public async Task A_server_that_is_down_makes_lookups_unavailable_quickly()
    {
        var closedPort = PostgresFixture.FreePort();
        using var source = Source($"{PostgresFixture.Host}:{closedPort}:{PostgresFixture.Database}:tblPerdition:{PostgresFixture.User}:{server.Password}");
        var clock = Stopwatch.StartNew();

        var answer = Assert.IsType<MapAnswer.Unavailable>(await Lookup(source, "bob"));

        output.WriteLine($"{clock.Elapsed.TotalMilliseconds:0} ms: {answer.Reason}");
        Assert.StartsWith(source.Name, answer.Reason);
        Assert.DoesNotContain(server.Password, answer.Reason);
    }

    [Fact]
    public async Task A_server_that_accepts_but_never_answers_is_unavailable_after_the_connect_timeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<Socket>();
        var accepting = Task.Run(async () =>
        {
            while (true)
            {
                accepted.Add(await silent.AcceptSocketAsync());
            }
        });
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var options = PostgresMapOptions.Parse($"{PostgresFixture.Host}:{port}:{PostgresFixture.Database}:tblPerdition:{PostgresFixture.User}:{server.Password}")
            with { ConnectTimeout = TimeSpan.FromSeconds(1), CommandTimeout = TimeSpan.FromSeconds(1) };
        using var source = new PostgresMapSource(options);
        var clock = Stopwatch.StartNew();

        var answer = Assert.IsType<MapAnswer.Unavailable>(await Lookup(source, "bob"));

        output.WriteLine($"{clock.Elapsed.TotalMilliseconds:0} ms: {answer.Reason}");
        Assert.DoesNotContain(server.Password, answer.Reason);
        silent.Stop();
        await Assert.ThrowsAnyAsync<SocketException>(() => accepting);
        accepted.ForEach(socket => socket.Dispose());
    }

    [Fact]
    public async Task A_wrong_password_is_unavailable_and_no_text_shows_either_password()
    {
        const string wrong = "Pw-Wrong-b9d2e4";
        using var source = Source($"{PostgresFixture.Host}:{server.Port}:{PostgresFixture.Database}:tblPerdition:{PostgresFixture.User}:{wrong}");

        var answer = Assert.IsType<MapAnswer.Unavailable>(await Lookup(source, "bob"));

        output.WriteLine(answer.Reason);
        Assert.Contains("password authentication failed", answer.Reason);
        Assert.DoesNotContain(wrong, answer.Reason);
        Assert.DoesNotContain(wrong, source.Name);
        Assert.DoesNotContain(wrong, source.Options.ToString());
        Assert.DoesNotContain(server.Password, answer.Reason);
    }

    [Fact]
    public async Task No_name_reason_or_option_text_shows_the_password()
    {
        using var source = Source(server.Option("nosuchtable"));

        var answer = Assert.IsType<MapAnswer.Unavailable>(await Lookup(source, "bob"));

        output.WriteLine(answer.Reason);
        Assert.Contains("nosuchtable", answer.Reason);
        Assert.DoesNotContain('\n', answer.Reason);
        foreach (var text in new[] { source.Name, answer.Reason, source.Options.ToString() })
        {
            Assert.DoesNotContain(server.Password, text);
        }
    }

    [Fact]
    public async Task A_missing_column_is_unavailable_not_an_exception()
    {
        using var source = Source(server.Option("tblPerdition", "servername:user:nosuchcolumn"));

        Assert.Contains("nosuchcolumn", Assert.IsType<MapAnswer.Unavailable>(await Lookup(source, "bob")).Reason);
    }

    [Theory]
    [InlineData("' OR 1=1 --")]
    [InlineData("bob' --")]
    [InlineData("bob'; DELETE FROM tblPerdition; --")]
    [InlineData("%")]
    [InlineData("_")]
    [InlineData("b_b")]
    [InlineData("bo%")]
    [InlineData("bob\0")]
    [InlineData("bøb")]
    [InlineData("用户")]
    [InlineData("$1")]
    [InlineData("@key")]
    public async Task Hostile_keys_match_no_other_row(string key)
    {
        using var source = Source(server.Option());

        Assert.Same(MapAnswer.NotFound.Instance, await Lookup(source, key));
        Assert.Equal(new MapAnswer.Found("imap1.example.org"), await Lookup(source, "bob"));
    }

    [Fact]
    public async Task A_very_long_key_is_not_found_and_breaks_nothing()
    {
        using var source = Source(server.Option());

        Assert.Same(MapAnswer.NotFound.Instance, await Lookup(source, "bob" + new string('x', 100_000)));
        Assert.Equal(new MapAnswer.Found("imap1.example.org"), await Lookup(source, "bob"));
    }

    [Fact]
    public async Task Hostile_and_unusual_keys_match_their_own_rows_exactly()
    {
        string[] keys = ["' OR 1=1 --", "%", "_", "bøb", "用户@例子.中国", "😀", new string('x', 10_000)];
        await server.ExecuteAsync("DROP TABLE IF EXISTS widekeys");
        await server.ExecuteAsync("CREATE TABLE widekeys (\"user\" text PRIMARY KEY, servername text NOT NULL, port text)");
        for (var i = 0; i < keys.Length; i++)
        {
            await server.ExecuteAsync("INSERT INTO widekeys VALUES (@user, @server, NULL)", ("user", keys[i]), ("server", $"imap{i}"));
        }

        using var source = Source(server.Option("widekeys"));

        for (var i = 0; i < keys.Length; i++)
        {
            Assert.Equal(new MapAnswer.Found($"imap{i}"), await Lookup(source, keys[i]));
        }

        Assert.Same(MapAnswer.NotFound.Instance, await Lookup(source, "bøb "));
    }

    [Fact]
    public async Task Reload_closes_the_pooled_connections_and_lookups_go_on()
    {
        using var source = Source(server.Option());
        Assert.Equal(new MapAnswer.Found("imap1.example.org"), await Lookup(source, "bob"));
        Assert.True(await server.MapConnectionsAsync() >= 1, "the lookup's connection stays in the pool");

        source.Reload();

        await WaitUntilAsync(async () => await server.MapConnectionsAsync() == 0);
        Assert.Equal(new MapAnswer.Found("imap1.example.org"), await Lookup(source, "bob"));
    }

    [Fact]
    public async Task A_cancelled_lookup_is_unavailable_not_an_exception()
    {
        using var source = Source(server.Option());

        var answer = await source.LookupAsync("bob", new CancellationToken(canceled: true));

        Assert.IsType<MapAnswer.Unavailable>(answer);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < HangGuard, "condition not met in time");
            await Task.Delay(50);
        }
    }
}
