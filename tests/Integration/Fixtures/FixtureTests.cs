using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Security;
using ActorMailProxy.Integration.Fixtures.Dovecot;
using ActorMailProxy.Integration.Fixtures.Sieve;
using ActorMailProxy.Integration.Fixtures.Raw;

namespace ActorMailProxy.Integration.Fixtures;

/// <summary>Proves the fixture against the real servers, with clients that talk to Dovecot directly.</summary>
[Collection(TwoBackendsCollection.Name)]
public sealed class FixtureTests(TwoBackendsFixture backends)
{
    public static TheoryData<string> Users => [.. TwoBackendsFixture.AllUsers.Select(u => u.Name)];
    public static TheoryData<string> MailboxOwners => [.. TwoBackendsFixture.MailboxOwners.Select(u => u.Name)];

    [Theory]
    [MemberData(nameof(Users))]
    public async Task Every_user_logs_in_over_imap_and_pop3_on_its_own_backend_only(string name)
    {
        var user = TwoBackendsFixture.User(name);
        using var imap = await LogInImapAsync(backends.BackendOf(user), user.Name, user.Password);
        using var pop3 = await LogInPop3Async(backends.BackendOf(user), user.Name, user.Password);

        Assert.True(imap.IsAuthenticated && pop3.IsAuthenticated);
        await Task.WhenAll(
            Assert.ThrowsAsync<AuthenticationException>(() => LogInImapAsync(backends.OtherBackendOf(user), user.Name, user.Password)),
            Assert.ThrowsAsync<AuthenticationException>(() => LogInPop3Async(backends.OtherBackendOf(user), user.Name, user.Password)));
    }

    // Without SASL mechanisms MailKit uses IMAP LOGIN and POP3 USER/PASS, where quoting and 8-bit text matter.
    [Theory]
    [InlineData("grace")]
    [InlineData("ursula")]
    public async Task Awkward_passwords_log_in_with_imap_LOGIN_and_pop3_USER_PASS(string name)
    {
        var user = TwoBackendsFixture.User(name);
        var backend = backends.BackendOf(user);
        using var imap = new ImapClient();
        await imap.ConnectAsync(backend.Host, backend.ImapPort, SecureSocketOptions.None);
        imap.AuthenticationMechanisms.Clear();
        await imap.AuthenticateAsync(user.Name, user.Password);
        using var pop3 = new Pop3Client();
        await pop3.ConnectAsync(backend.Host, backend.Pop3Port, SecureSocketOptions.None);
        pop3.AuthenticationMechanisms.Clear();
        await pop3.AuthenticateAsync(user.Name, user.Password);

        Assert.True(imap.IsAuthenticated && pop3.IsAuthenticated);
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("nina")]
    public async Task Wrong_password_is_refused_by_imap_pop3_and_managesieve(string name)
    {
        var user = TwoBackendsFixture.User(name);
        var backend = backends.BackendOf(user);
        await using var sieve = await ManageSieveClient.ConnectAsync(backend.Host, backend.SievePort);
        var refused = sieve.AuthenticatePlainAsync(user.Name, user.Password + "x");

        await Task.WhenAll(
            Assert.ThrowsAsync<AuthenticationException>(() => LogInImapAsync(backend, user.Name, user.Password + "x")),
            Assert.ThrowsAsync<AuthenticationException>(() => LogInPop3Async(backend, user.Name, user.Password + "x")),
            refused);
        Assert.Equal(SieveResponseKind.No, (await refused).Kind);
        Assert.True((await sieve.AuthenticatePlainAsync(user.Name, user.Password)).IsOk, "the right password still works after a NO");
    }

    [Fact]
    public async Task Alice_of_alpha_cannot_log_in_to_beta_with_any_protocol()
    {
        var alice = TwoBackendsFixture.Alice;
        await using var sieve = await ManageSieveClient.ConnectAsync(backends.Beta.Host, backends.Beta.SievePort);
        var refused = sieve.AuthenticatePlainAsync(alice.Name, alice.Password);

        await Task.WhenAll(
            Assert.ThrowsAsync<AuthenticationException>(() => LogInImapAsync(backends.Beta, alice.Name, alice.Password)),
            Assert.ThrowsAsync<AuthenticationException>(() => LogInPop3Async(backends.Beta, alice.Name, alice.Password)),
            refused);
        Assert.Equal(SieveResponseKind.No, (await refused).Kind);
    }

    [Theory]
    [MemberData(nameof(MailboxOwners))]
    public async Task Imap_shows_the_owner_exactly_the_seeded_messages_byte_for_byte(string name)
    {
        var user = TwoBackendsFixture.User(name);
        var expected = backends.InboxOf(user);
        using var imap = await LogInImapAsync(backends.BackendOf(user), user.Name, user.Password);
        await imap.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var uids = await imap.Inbox.SearchAsync(MailKit.Search.SearchQuery.All);

        Assert.Equal(expected.Count, uids.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            await using var raw = await imap.Inbox.GetStreamAsync(uids[i]);
            Assert.Equal(expected[i].Sha256, await Sha256Async(raw));
        }
    }

    [Theory]
    [MemberData(nameof(MailboxOwners))]
    public async Task Pop3_shows_the_owner_exactly_the_seeded_messages_byte_for_byte(string name)
    {
        var user = TwoBackendsFixture.User(name);
        var expected = backends.InboxOf(user);
        using var pop3 = await LogInPop3Async(backends.BackendOf(user), user.Name, user.Password);

        Assert.Equal(expected.Select(m => m.Bytes.Length), await pop3.GetMessageSizesAsync());
        for (var i = 0; i < expected.Count; i++)
        {
            await using var raw = await pop3.GetStreamAsync(i);
            Assert.Equal(expected[i].Sha256, await Sha256Async(raw));
        }
    }

    [Theory]
    [MemberData(nameof(MailboxOwners))]
    public async Task Large_message_is_10_MiB_and_hashes_to_the_seeded_sha256_over_imap_and_pop3(string name)
    {
        var user = TwoBackendsFixture.User(name);
        var large = backends.LargeMessage;
        var index = backends.InboxOf(user).ToList().IndexOf(large);
        using var imap = await LogInImapAsync(backends.BackendOf(user), user.Name, user.Password);
        await imap.Inbox.OpenAsync(FolderAccess.ReadOnly);
        await using var viaImap = await imap.Inbox.GetStreamAsync(index);
        using var pop3 = await LogInPop3Async(backends.BackendOf(user), user.Name, user.Password);
        await using var viaPop3 = await pop3.GetStreamAsync(index);

        Assert.Equal(TwoBackendsFixture.LargeMessageSize, large.Bytes.Length);
        Assert.Equal(large.Sha256, await Sha256Async(viaImap));
        Assert.Equal(large.Sha256, await Sha256Async(viaPop3));
    }

    [Theory]
    [InlineData(SaslInitialResponse.QuotedString, "grace")]
    [InlineData(SaslInitialResponse.Literal, "ursula")]
    [InlineData(SaslInitialResponse.AfterEmptyChallenge, "alice@example.org")]
    [InlineData(SaslInitialResponse.AfterEmptyChallenge, "zoe@example.org")]
    public async Task ManageSieve_client_logs_in_then_puts_lists_gets_and_activates_a_script(SaslInitialResponse initialResponse, string name)
    {
        var user = TwoBackendsFixture.User(name);
        var backend = backends.BackendOf(user);
        var script = $"require \"fileinto\";\r\n# für {name}\r\nif header :contains \"subject\" \"{initialResponse}\" {{\r\n  fileinto \"INBOX\";\r\n}}\r\n";
        var scriptName = $"fixture {initialResponse}";
        await using var sieve = await ManageSieveClient.ConnectAsync(backend.Host, backend.SievePort);

        Assert.True(sieve.Greeting.Response.IsOk);
        Assert.Equal(backend.Greeting, sieve.Greeting.Response.Text);
        Assert.Contains("PLAIN", sieve.Greeting.Value.SaslMechanisms);
        Assert.True((await sieve.AuthenticatePlainAsync(user.Name, user.Password, initialResponse)).IsOk);
        Assert.True((await sieve.PutScriptAsync(scriptName, script)).IsOk);
        Assert.Contains(new SieveScriptEntry(scriptName, IsActive: false), (await sieve.ListScriptsAsync()).Value);
        Assert.Equal(script, (await sieve.GetScriptAsync(scriptName)).Value);
        Assert.True((await sieve.SetActiveAsync(scriptName)).IsOk);
        Assert.Contains(new SieveScriptEntry(scriptName, IsActive: true), (await sieve.ListScriptsAsync()).Value);
        Assert.True((await sieve.NoopAsync()).IsOk);
        Assert.True((await sieve.CapabilityAsync()).Value.Implementation is { Length: > 0 });
        Assert.True((await sieve.LogoutAsync()).IsOk);
    }

    [Fact]
    public async Task ManageSieve_answers_a_missing_script_with_NO_and_its_response_code()
    {
        var nina = TwoBackendsFixture.Nina;
        await using var sieve = await ManageSieveClient.ConnectAsync(backends.Beta.Host, backends.Beta.SievePort);
        await sieve.AuthenticatePlainAsync(nina.Name, nina.Password);

        var missing = await sieve.GetScriptAsync("no such script");

        Assert.Equal(SieveResponseKind.No, missing.Response.Kind);
        Assert.Equal("NONEXISTENT", missing.Response.Code);
        Assert.Null(missing.Value);
    }

    [Theory]
    [InlineData("alpha")]
    [InlineData("beta")]
    public async Task Raw_client_reads_each_backends_own_greeting_and_sees_the_close_after_QUIT(string backendName)
    {
        var backend = backendName == "alpha" ? backends.Alpha : backends.Beta;
        await using var imap = await RawLineClient.ConnectAsync(backend.Host, backend.ImapPort);
        await using var pop3 = await RawLineClient.ConnectAsync(backend.Host, backend.Pop3Port);

        Assert.Matches($@"^\* OK \[CAPABILITY [^\]]*\] {Regex.Escape(backend.Greeting)}$", await imap.ReadLineAsync());
        Assert.Equal($"+OK {backend.Greeting}", await pop3.ReadLineAsync());
        await pop3.SendAsync("QUIT\r\n");
        Assert.StartsWith("+OK", await pop3.ReadLineAsync());
        Assert.True(await pop3.ServerClosedAsync());
    }

    [Fact]
    public async Task Instance_applies_its_options_takes_live_deliveries_and_is_gone_after_dispose()
    {
        var carol = new MailUser("carol", "carol-secret");
        var options = new DovecotOptions
        {
            Greeting = "gamma says hello",
            ExtraSettings = ["managesieve_implementation_string = Fixture Sieve"],
        };
        await using var gamma = await DovecotInstance.StartAsync("gamma", [carol], options);
        var directory = Path.GetDirectoryName(gamma.LogPath)!;
        var message = SeededMessage.Create(carol.Name, "delivered while running", seed: 7, size: 1_500);
        await using (var raw = await RawLineClient.ConnectAsync(gamma.Host, gamma.Pop3Port))
            Assert.Equal("+OK gamma says hello", await raw.ReadLineAsync());
        await using (var sieve = await ManageSieveClient.ConnectAsync(gamma.Host, gamma.SievePort))
            Assert.Equal("Fixture Sieve", sieve.Greeting.Value.Implementation);
        await gamma.DeliverAsync(carol.Name, message.Bytes);
        using (var imap = await LogInImapAsync(gamma, carol.Name, carol.Password))
        {
            await imap.Inbox.OpenAsync(FolderAccess.ReadOnly);
            await using var raw = await imap.Inbox.GetStreamAsync(0);
            Assert.Equal(message.Sha256, await Sha256Async(raw));
        }

        await gamma.DisposeAsync();

        Assert.False(Directory.Exists(directory));
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => RawLineClient.ConnectAsync(gamma.Host, gamma.ImapPort));
    }

    // The proxy under load opens this many sessions of one user, all from 127.0.0.1.
    [Fact]
    public async Task Backend_serves_1100_concurrent_imap_sessions_of_one_user_from_one_address()
    {
        var bob = TwoBackendsFixture.Bob;
        var clients = new ConcurrentBag<RawLineClient>();
        try
        {
            var selected = await Task.WhenAll(Enumerable.Range(0, 1_100).Select(async _ =>
            {
                var client = await RawLineClient.ConnectAsync(backends.Alpha.Host, backends.Alpha.ImapPort);
                clients.Add(client);
                await client.ReadLineAsync();
                await client.SendAsync($"a LOGIN {bob.Name} {bob.Password}\r\nb SELECT INBOX\r\n");
                return (await client.ReadUntilAsync(line => line.StartsWith("b ", StringComparison.Ordinal)))[^1];
            }));

            Assert.All(selected, line => Assert.StartsWith("b OK", line));
        }
        finally
        {
            foreach (var client in clients)
                await client.DisposeAsync();
        }
    }

    // One PLAIN attempt: by default MailKit retries a refused login with other mechanisms, and each refusal costs Dovecot's 0.5 s flush.
    private static async Task<ImapClient> LogInImapAsync(DovecotInstance backend, string user, string password)
    {
        var client = new ImapClient();
        try
        {
            await client.ConnectAsync(backend.Host, backend.ImapPort, SecureSocketOptions.None);
            await client.AuthenticateAsync(new SaslMechanismPlain(user, password));
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static async Task<Pop3Client> LogInPop3Async(DovecotInstance backend, string user, string password)
    {
        var client = new Pop3Client();
        try
        {
            await client.ConnectAsync(backend.Host, backend.Pop3Port, SecureSocketOptions.None);
            await client.AuthenticateAsync(new SaslMechanismPlain(user, password));
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static async Task<string> Sha256Async(Stream stream) => Convert.ToHexString(await SHA256.HashDataAsync(stream));
}
