using System.Text;
using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Security;
using ActorMailProxy.Integration.Fixtures.Dovecot;
using ActorMailProxy.Integration.Proxy;
using ActorMailProxy.Integration.Fixtures;

namespace ActorMailProxy.Integration.Audit;

/// <summary>How many sessions of each outcome a test ran, and so how many events of each kind the journal must hold.</summary>
public sealed record AuditedSessions(int Succeeded, int Failed, int Refused = 0, int NoLogin = 0)
{
    private static readonly MailUser Alice = TwoBackendsFixture.Alice;
    private static readonly MailUser Bob = TwoBackendsFixture.Bob;
    private static readonly MailUser Grace = TwoBackendsFixture.Grace;

    public int Connections => Succeeded + Failed + Refused + NoLogin;

    /// <summary>The kinds and counts the journal must hold for these sessions.</summary>
    public IReadOnlyDictionary<string, int> ExpectedKinds => new Dictionary<string, int>
    {
        ["opened"] = Connections,
        ["login-ok"] = Succeeded,
        ["login-failed"] = Failed,
        ["refused"] = Refused,
        ["closed"] = Connections,
    }.Where(kv => kv.Value > 0).ToDictionary();

    /// <summary>Every password the sessions used, right or wrong, and each as SASL PLAIN sends it in base64.</summary>
    public static IReadOnlyList<string> Secrets { get; } = [.. new[] { Alice, Bob, Grace }.SelectMany(u => new[]
    {
        u.Password,
        u.Password + "-wrong",
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{u.Name}\0{u.Password}")),
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{u.Name}\0{u.Password}-wrong")),
    })];

    public static AuditedSessions operator +(AuditedSessions a, AuditedSessions b) =>
        new(a.Succeeded + b.Succeeded, a.Failed + b.Failed, a.Refused + b.Refused, a.NoLogin + b.NoLogin);

    public static AuditedSessions operator -(AuditedSessions a, AuditedSessions b) =>
        new(a.Succeeded - b.Succeeded, a.Failed - b.Failed, a.Refused - b.Refused, a.NoLogin - b.NoLogin);

    /// <summary>
    /// <paramref name="succeeded"/> logins (POP3 USER/PASS as Alice and IMAP PLAIN as Grace, in turn) and
    /// <paramref name="failed"/> wrong passwords (POP3 and IMAP PLAIN as Bob), all at once, each its own connection.
    /// </summary>
    public static Task<AuditedSessions> RunAsync(RunningProxy proxy, int succeeded, int failed) => RunAsync(MailEndpoints.Of(proxy), succeeded, failed);

    public static async Task<AuditedSessions> RunAsync(MailEndpoints proxy, int succeeded, int failed)
    {
        var sessions = Enumerable.Range(0, succeeded).Select(i => SessionAsync(proxy, i, succeeds: true))
            .Concat(Enumerable.Range(0, failed).Select(i => SessionAsync(proxy, i, succeeds: false)));
        await Task.WhenAll(sessions);
        return new AuditedSessions(succeeded, failed);
    }

    /// <summary>
    /// One session, the <paramref name="turn"/>-th of its outcome: POP3 for even turns, IMAP PLAIN for odd ones; a login
    /// as Alice (POP3) or Grace (IMAP), or as Bob with a wrong password. Throws unless the login went as planned.
    /// </summary>
    public static Task SessionAsync(MailEndpoints proxy, int turn, bool succeeds) => (turn % 2 == 0, succeeds) switch
    {
        (true, true) => Pop3Async(proxy, Alice, Alice.Password),
        (false, true) => ImapAsync(proxy, Grace, Grace.Password),
        (true, false) => Pop3Async(proxy, Bob, Bob.Password + "-wrong"),
        (false, false) => ImapAsync(proxy, Bob, Bob.Password + "-wrong"),
    };

    private static async Task Pop3Async(MailEndpoints proxy, MailUser user, string password)
    {
        using var pop = new Pop3Client();
        await pop.ConnectAsync(proxy.Host, proxy.Pop3Port, SecureSocketOptions.None);
        pop.AuthenticationMechanisms.Clear();
        await LogInAsync(() => pop.AuthenticateAsync(user.Name, password), password == user.Password);
        await pop.DisconnectAsync(true);
    }

    private static async Task ImapAsync(MailEndpoints proxy, MailUser user, string password)
    {
        using var imap = new ImapClient();
        await imap.ConnectAsync(proxy.Host, proxy.ImapPort, SecureSocketOptions.None);
        await LogInAsync(() => imap.AuthenticateAsync(new SaslMechanismPlain(user.Name, password)), password == user.Password);
        await imap.DisconnectAsync(true);
    }

    private static async Task LogInAsync(Func<Task> login, bool right)
    {
        if (right)
        {
            await login();
            return;
        }
        await Assert.ThrowsAsync<AuthenticationException>(login);
    }
}
