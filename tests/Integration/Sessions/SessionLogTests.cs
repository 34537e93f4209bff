using System.Text;
using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Security;
using ActorMailProxy.Integration.Fixtures;
using ActorMailProxy.Integration.Fixtures.Dovecot;
using ActorMailProxy.Integration.Proxy;
using ActorMailProxy.Integration.Fixtures.Sieve;

namespace ActorMailProxy.Integration.Sessions;

/// <summary>perdition's Connect/Auth/Close lines, and never a password unless --log_passwd (with -d) asks for it.</summary>
[Collection(TwoBackendsCollection.Name)]
public sealed class SessionLogTests(TwoBackendsFixture backends)
{
    private static readonly MailUser Grace = TwoBackendsFixture.Grace;
    private static readonly MailUser Bob = TwoBackendsFixture.Bob;

    private static async Task LogInEverywayAsync(RunningProxy proxy)
    {
        using (var pop = new Pop3Client())
        {
            await pop.ConnectAsync(proxy.Host, proxy.Pop3Port, SecureSocketOptions.None);
            pop.AuthenticationMechanisms.Clear();
            await Assert.ThrowsAsync<AuthenticationException>(() => pop.AuthenticateAsync(Bob.Name, Bob.Password + "-wrong"));
            await pop.AuthenticateAsync(Grace.Name, Grace.Password);
            await pop.DisconnectAsync(true);
        }
        using (var imap = new ImapClient())
        {
            await imap.ConnectAsync(proxy.Host, proxy.ImapPort, SecureSocketOptions.None);
            await imap.AuthenticateAsync(new SaslMechanismPlain(Grace.Name, Grace.Password));
            await imap.DisconnectAsync(true);
        }
        using (var imap = new ImapClient())
        {
            await imap.ConnectAsync(proxy.Host, proxy.ImapPort, SecureSocketOptions.None);
            imap.AuthenticationMechanisms.Clear();
            await imap.AuthenticateAsync(Grace.Name, Grace.Password);
            await imap.DisconnectAsync(true);
        }
        await using var sieve = await ManageSieveClient.ConnectAsync(proxy.Host, proxy.SievePort);
        await sieve.AuthenticatePlainAsync(Bob.Name, Bob.Password, SaslInitialResponse.AfterEmptyChallenge);
        await sieve.LogoutAsync();
    }

    private static IEnumerable<string> Secrets(params MailUser[] users) => users.SelectMany(u => new[]
    {
        u.Password,
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{u.Name}\0{u.Password}")),
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{u.Name}\0{u.Password}-wrong")),
    });

    [Fact]
    public async Task Sessions_are_logged_in_perditions_format_without_any_password()
    {
        await using var proxy = await RunningProxy.InFrontOfAsync(backends.Alpha, "-d");
        await LogInEverywayAsync(proxy);
        var log = await proxy.WaitForLogAsync($"authentication_id=\"{Bob.Name}\" received=");
        Assert.Matches(@"Connect: 127\.0\.0\.1:\d+->127\.0\.0\.1:\d+", log);
        Assert.Matches($@"Auth: 127\.0\.0\.1:\d+->127\.0\.0\.1:{proxy.Pop3Port} client-secure=plaintext authorisation_id=NONE authentication_id=""{Bob.Name}"" server=""127\.0\.0\.1:{backends.Alpha.Pop3Port}"" protocol=POP3 server-secure=plaintext status=""failed: backend refused the credentials""", log);
        Assert.Matches($@"Auth: .* authentication_id=""{Grace.Name}"" server=""127\.0\.0\.1:{backends.Alpha.ImapPort}"" protocol=IMAP4 server-secure=plaintext status=""ok""", log);
        Assert.Matches($@"Close: 127\.0\.0\.1:\d+->127\.0\.0\.1:{proxy.ImapPort} authorisation_id=NONE authentication_id=""{Grace.Name}"" received=\d+ sent=\d+", log);
        Assert.Contains("protocol=MANAGESIEVE", log);
        foreach (var secret in Secrets(Grace, Bob))
        {
            Assert.DoesNotContain(secret, log);
        }
    }

    [Fact]
    public async Task Log_passwd_with_debug_does_log_the_password_so_the_check_above_can_fail()
    {
        await using var proxy = await RunningProxy.InFrontOfAsync(backends.Alpha, "-d", "--log_passwd", "always");
        await LogInEverywayAsync(proxy);
        var log = await proxy.WaitForLogAsync($"authentication_id=\"{Bob.Name}\" received=");
        Assert.Contains($"password=\"{Bob.Password}-wrong\"", log);
    }
}
