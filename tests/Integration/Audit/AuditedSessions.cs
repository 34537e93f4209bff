using System.Text;
using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Security;

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

    /// <summary>
    /// <paramref name="succeeded"/> logins (POP3 USER/PASS as Alice and IMAP PLAIN as Grace, in turn) and
    /// <paramref name="failed"/> wrong passwords (POP3 and IMAP PLAIN as Bob), all at once, each its own connection.
    /// </summary>
    public static async Task<AuditedSessions> RunAsync(RunningProxy proxy, int succeeded, int failed)
    {
        var sessions = Enumerable.Range(0, succeeded).Select(i => i % 2 == 0 ? Pop3Async(proxy, Alice, Alice.Password) : ImapAsync(proxy, Grace, Grace.Password))
            .Concat(Enumerable.Range(0, failed).Select(i => i % 2 == 0 ? Pop3Async(proxy, Bob, Bob.Password + "-wrong") : ImapAsync(proxy, Bob, Bob.Password + "-wrong")));
        await Task.WhenAll(sessions);
        return new AuditedSessions(succeeded, failed);
    }

    private static async Task Pop3Async(RunningProxy proxy, MailUser user, string password)
    {
        using var pop = new Pop3Client();
        await pop.ConnectAsync(proxy.Host, proxy.Pop3Port, SecureSocketOptions.None);
        pop.AuthenticationMechanisms.Clear();
        await LogInAsync(() => pop.AuthenticateAsync(user.Name, password), password == user.Password);
        await pop.DisconnectAsync(true);
    }

    private static async Task ImapAsync(RunningProxy proxy, MailUser user, string password)
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
