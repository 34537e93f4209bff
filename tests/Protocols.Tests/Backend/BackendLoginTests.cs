using System.Text;
using ActorMailProxy.Protocols.Backend;
using ActorMailProxy.Protocols.Sessions;

namespace ActorMailProxy.Protocols.Tests.Backend;

public class BackendLoginTests
{
    private static readonly byte[] OurPop3Greeting = Encoding.ASCII.GetBytes("+OK POP3 Ready proxy\r\n");
    private static readonly byte[] OurImapGreeting = Encoding.ASCII.GetBytes("* OK [CAPABILITY IMAP4rev1] IMAP4 Ready proxy\r\n");
    private static readonly byte[] OurSieveGreeting = Encoding.ASCII.GetBytes("\"SASL\" \"PLAIN\"\r\nOK \"ManageSieve Ready proxy\"\r\n");

    private static Credentials Creds(string user, string password, string? authz = null) => new(user, Secret.FromString(password), authz);

    private static string Sent(BackendStep step) => Encoding.UTF8.GetString(Assert.IsType<BackendStep.Send>(step).Bytes);

    private static BackendStep Feed(IBackendLogin login, string line) => login.OnLine(Encoding.UTF8.GetBytes(line));

    [Fact]
    public void Pop3_logs_in_with_user_and_pass()
    {
        var login = BackendDialogues.For(MailProtocol.Pop3, Creds("alice", "p w"), OurPop3Greeting);
        Assert.Equal("USER alice\r\n", Sent(Feed(login, "+OK Dovecot ready.")));
        Assert.Equal("PASS p w\r\n", Sent(Feed(login, "+OK")));
        var ok = Assert.IsType<BackendStep.Succeeded>(Feed(login, "+OK Logged in."));
        Assert.Equal("Logged in.", ok.Welcome.StatusText);
    }

    [Fact]
    public void Pop3_wrong_password_is_rejected_with_the_backends_text()
    {
        var login = BackendDialogues.For(MailProtocol.Pop3, Creds("alice", "x"), OurPop3Greeting);
        Feed(login, "+OK hi");
        Feed(login, "+OK");
        var failed = Assert.IsType<BackendStep.Failed>(Feed(login, "-ERR [AUTH] Authentication failed."));
        Assert.Equal(new LoginFailure.Rejected("[AUTH] Authentication failed."), failed.Failure);
    }

    [Fact]
    public void Pop3_credentials_that_do_not_fit_a_line_go_as_auth_plain()
    {
        var login = BackendDialogues.For(MailProtocol.Pop3, Creds("alice", "a\r\nDELE 1"), OurPop3Greeting);
        var sent = Sent(Feed(login, "+OK hi"));
        Assert.StartsWith("AUTH PLAIN ", sent);
        Assert.DoesNotContain("DELE", sent);
        Assert.Equal(1, sent.Count(c => c == '\n'));
    }

    [Fact]
    public void Pop3_garbage_greeting_is_unavailable_and_nothing_is_sent()
    {
        var login = BackendDialogues.For(MailProtocol.Pop3, Creds("alice", "x"), OurPop3Greeting);
        var failed = Assert.IsType<BackendStep.Failed>(Feed(login, "HTTP/1.1 400 Bad Request"));
        Assert.IsType<LoginFailure.Unavailable>(failed.Failure);
    }

    [Fact]
    public void Our_own_greeting_is_a_loop()
    {
        var pop = BackendDialogues.For(MailProtocol.Pop3, Creds("a", "b"), OurPop3Greeting);
        Assert.IsType<LoginFailure.Refused>(Assert.IsType<BackendStep.Failed>(Feed(pop, "+OK POP3 Ready proxy")).Failure);
        var imap = BackendDialogues.For(MailProtocol.Imap4, Creds("a", "b"), OurImapGreeting);
        Assert.IsType<LoginFailure.Refused>(Assert.IsType<BackendStep.Failed>(Feed(imap, "* OK [CAPABILITY IMAP4rev1] IMAP4 Ready proxy")).Failure);
        var sieve = BackendDialogues.For(MailProtocol.ManageSieve, Creds("a", "b"), OurSieveGreeting);
        Feed(sieve, "\"SASL\" \"PLAIN\"");
        Assert.IsType<LoginFailure.Refused>(Assert.IsType<BackendStep.Failed>(Feed(sieve, "OK \"ManageSieve Ready proxy\"")).Failure);
    }

    [Fact]
    public void Imap_login_quotes_plain_strings_and_escapes_quote_and_backslash()
    {
        var login = BackendDialogues.For(MailProtocol.Imap4, Creds("alice", "a \"q\" \\b"), OurImapGreeting);
        Assert.Equal("amp1 LOGIN \"alice\" \"a \\\"q\\\" \\\\b\"\r\n", Sent(Feed(login, "* OK [CAPABILITY IMAP4rev1] Dovecot ready.")));
        var ok = Assert.IsType<BackendStep.Succeeded>(Feed(login, "amp1 OK [CAPABILITY IMAP4rev1 IDLE] Logged in"));
        Assert.Equal("[CAPABILITY IMAP4rev1 IDLE] Logged in", ok.Welcome.StatusText);
        Assert.Equal("IMAP4rev1 IDLE", ok.Welcome.Capabilities);
    }

    [Fact]
    public void Imap_login_sends_non_ascii_password_as_synchronising_literal_after_continuation()
    {
        var login = BackendDialogues.For(MailProtocol.Imap4, Creds("bob", "pä\r\nss"), OurImapGreeting);
        var pwBytes = Encoding.UTF8.GetByteCount("pä\r\nss");
        Assert.Equal($"amp1 LOGIN \"bob\" {{{pwBytes}}}\r\n", Sent(Feed(login, "* OK Dovecot ready.")));
        Assert.Equal("pä\r\nss\r\n", Sent(Feed(login, "+ OK")));
        Assert.IsType<BackendStep.Send>(Feed(login, "amp1 OK Logged in"));
    }

    [Fact]
    public void Imap_login_uses_literal_plus_when_the_backend_offers_it()
    {
        var login = BackendDialogues.For(MailProtocol.Imap4, Creds("bob", "pä"), OurImapGreeting);
        Assert.Equal("amp1 LOGIN \"bob\" {3+}\r\npä\r\n", Sent(Feed(login, "* OK [CAPABILITY IMAP4rev1 LITERAL+] hi")));
    }

    [Fact]
    public void Imap_asks_for_capabilities_when_the_ok_carries_none_and_relays_them()
    {
        var login = BackendDialogues.For(MailProtocol.Imap4, Creds("bob", "pw"), OurImapGreeting);
        Feed(login, "* OK hi");
        Assert.Equal("amp2 CAPABILITY\r\n", Sent(Feed(login, "amp1 OK Logged in")));
        Assert.IsType<BackendStep.Wait>(Feed(login, "* CAPABILITY IMAP4rev1 IDLE"));
        var ok = Assert.IsType<BackendStep.Succeeded>(Feed(login, "amp2 OK done"));
        Assert.Equal("IMAP4rev1 IDLE", ok.Welcome.Capabilities);
        Assert.Equal(["* CAPABILITY IMAP4rev1 IDLE"], ok.Welcome.UntaggedLines);
        Assert.Equal("Logged in", ok.Welcome.StatusText);
    }

    [Fact]
    public void Imap_rejection_relays_the_text()
    {
        var login = BackendDialogues.For(MailProtocol.Imap4, Creds("bob", "pw"), OurImapGreeting);
        Feed(login, "* OK hi");
        var failed = Assert.IsType<BackendStep.Failed>(Feed(login, "amp1 NO [AUTHENTICATIONFAILED] Authentication failed."));
        Assert.Equal(new LoginFailure.Rejected("[AUTHENTICATIONFAILED] Authentication failed."), failed.Failure);
    }

    [Theory]
    [InlineData("* PREAUTH welcome")]
    [InlineData("* BYE go away")]
    [InlineData("garbage")]
    public void Imap_greeting_other_than_ok_fails_closed_before_any_credential(string greeting)
    {
        var login = BackendDialogues.For(MailProtocol.Imap4, Creds("bob", "pw"), OurImapGreeting);
        Assert.IsType<LoginFailure.Unavailable>(Assert.IsType<BackendStep.Failed>(Feed(login, greeting)).Failure);
    }

    [Fact]
    public void Imap_logindisabled_backend_gets_authenticate_plain()
    {
        var login = BackendDialogues.For(MailProtocol.Imap4, Creds("bob", "pw"), OurImapGreeting);
        Assert.StartsWith("amp1 AUTHENTICATE PLAIN ", Sent(Feed(login, "* OK [CAPABILITY IMAP4rev1 LOGINDISABLED AUTH=PLAIN SASL-IR] hi")));
    }

    [Fact]
    public void Sieve_authenticates_plain_after_the_capability_greeting()
    {
        var login = BackendDialogues.For(MailProtocol.ManageSieve, Creds("erin", "pw"), OurSieveGreeting);
        Assert.IsType<BackendStep.Wait>(Feed(login, "\"IMPLEMENTATION\" \"Dovecot Pigeonhole\""));
        Assert.IsType<BackendStep.Wait>(Feed(login, "\"SASL\" \"PLAIN LOGIN\""));
        var b64 = Convert.ToBase64String(Encoding.UTF8.GetBytes("\0erin\0pw"));
        Assert.Equal($"AUTHENTICATE \"PLAIN\" \"{b64}\"\r\n", Sent(Feed(login, "OK \"Dovecot ready.\"")));
        Assert.Equal("\"Logged in.\"", Assert.IsType<BackendStep.Succeeded>(Feed(login, "OK \"Logged in.\"")).Welcome.StatusText);
    }

    [Fact]
    public void Sieve_rejection_relays_the_text()
    {
        var login = BackendDialogues.For(MailProtocol.ManageSieve, Creds("erin", "pw"), OurSieveGreeting);
        Feed(login, "OK \"ready\"");
        var failed = Assert.IsType<BackendStep.Failed>(Feed(login, "NO \"Authentication failed.\""));
        Assert.Equal(new LoginFailure.Rejected("\"Authentication failed.\""), failed.Failure);
    }

    [Fact]
    public void Send_steps_never_show_their_bytes_in_text()
    {
        var login = BackendDialogues.For(MailProtocol.Pop3, Creds("alice", "hunter2"), OurPop3Greeting);
        Feed(login, "+OK");
        Assert.DoesNotContain("hunter2", Feed(login, "+OK").ToString());
    }
}
