using System.Text;
using ActorMailProxy.Protocols.Backend;
using ActorMailProxy.Protocols.Sessions;

namespace ActorMailProxy.Protocols.Tests.Backend;

/// <summary>STARTTLS/STLS toward the backend: upgrade before any credential, fail closed when TLS is required and not had.</summary>
public class BackendStartTlsTests
{
    private static readonly byte[] NotUs = Encoding.ASCII.GetBytes("* OK proxy\r\n");
    private static readonly Credentials Alice = new("alice", Secret.FromString("s3cret"));

    private static string Sent(BackendStep step) => Encoding.UTF8.GetString(Assert.IsType<BackendStep.Send>(step).Bytes);

    private static BackendStep Feed(IBackendLogin login, string line) => login.OnLine(Encoding.UTF8.GetBytes(line));

    [Fact]
    public void Imap_upgrades_then_asks_the_capabilities_again_and_uses_only_those()
    {
        var login = BackendDialogues.For(MailProtocol.Imap4, Alice, NotUs, BackendTls.StartTlsRequired);
        Assert.Equal("amp1 STARTTLS\r\n", Sent(Feed(login, "* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready")));
        Assert.IsType<BackendStep.StartTls>(Feed(login, "amp1 OK Begin TLS negotiation now"));
        Assert.Equal("amp2 CAPABILITY\r\n", Sent(login.AfterTls()));
        Feed(login, "* CAPABILITY IMAP4rev1 LITERAL+ AUTH=PLAIN");
        Assert.Equal("amp3 LOGIN \"alice\" \"s3cret\"\r\n", Sent(Feed(login, "amp2 OK done")));
        Assert.IsType<BackendStep.Succeeded>(Feed(login, "amp3 OK [CAPABILITY IMAP4rev1 IDLE] Logged in"));
    }

    [Fact]
    public void Imap_without_capabilities_in_its_greeting_is_asked_first()
    {
        var login = BackendDialogues.For(MailProtocol.Imap4, Alice, NotUs, BackendTls.StartTlsIfOffered);
        Assert.Equal("amp1 CAPABILITY\r\n", Sent(Feed(login, "* OK ready")));
        Assert.IsType<BackendStep.Wait>(Feed(login, "* CAPABILITY IMAP4rev1 STARTTLS"));
        Assert.Equal("amp2 STARTTLS\r\n", Sent(Feed(login, "amp1 OK done")));
    }

    [Theory]
    [InlineData("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] no tls here")]
    [InlineData("* PREAUTH [CAPABILITY IMAP4rev1 STARTTLS] welcome, whoever you are")]
    public void Imap_required_tls_not_had_fails_before_any_credential(string greeting)
    {
        var login = BackendDialogues.For(MailProtocol.Imap4, Alice, NotUs, BackendTls.StartTlsRequired);
        Assert.IsType<LoginFailure.Unavailable>(Assert.IsType<BackendStep.Failed>(Feed(login, greeting)).Failure);
    }

    [Fact]
    public void Imap_refused_starttls_fails_when_required_and_logs_in_plaintext_when_only_wanted()
    {
        var required = BackendDialogues.For(MailProtocol.Imap4, Alice, NotUs, BackendTls.StartTlsRequired);
        Feed(required, "* OK [CAPABILITY IMAP4rev1 STARTTLS] hi");
        Assert.IsType<BackendStep.Failed>(Feed(required, "amp1 NO not today"));

        var wanted = BackendDialogues.For(MailProtocol.Imap4, Alice, NotUs, BackendTls.StartTlsIfOffered);
        Feed(wanted, "* OK [CAPABILITY IMAP4rev1 STARTTLS] hi");
        Assert.StartsWith("amp2 LOGIN ", Sent(Feed(wanted, "amp1 NO not today")));
    }

    [Fact]
    public void Imap_answers_under_a_tag_we_did_not_send_are_refused()
    {
        var login = BackendDialogues.For(MailProtocol.Imap4, Alice, NotUs, BackendTls.StartTlsRequired);
        Feed(login, "* OK [CAPABILITY IMAP4rev1 STARTTLS] hi");
        Assert.IsType<BackendStep.Failed>(Feed(login, "amp9 OK forged"));
    }

    [Fact]
    public void Pop3_finds_stls_through_capa_and_logs_in_after_tls()
    {
        var login = BackendDialogues.For(MailProtocol.Pop3, Alice, NotUs, BackendTls.StartTlsRequired);
        Assert.Equal("CAPA\r\n", Sent(Feed(login, "+OK Dovecot ready.")));
        Assert.IsType<BackendStep.Wait>(Feed(login, "+OK"));
        Assert.IsType<BackendStep.Wait>(Feed(login, "USER"));
        Assert.IsType<BackendStep.Wait>(Feed(login, "STLS"));
        Assert.Equal("STLS\r\n", Sent(Feed(login, ".")));
        Assert.IsType<BackendStep.StartTls>(Feed(login, "+OK Begin TLS"));
        Assert.Equal("USER alice\r\n", Sent(login.AfterTls()));
    }

    [Fact]
    public void Pop3_required_tls_without_stls_fails_before_any_credential()
    {
        var login = BackendDialogues.For(MailProtocol.Pop3, Alice, NotUs, BackendTls.StartTlsRequired);
        Feed(login, "+OK hi");
        Feed(login, "+OK");
        Feed(login, "USER");
        Assert.IsType<BackendStep.Failed>(Feed(login, "."));
        var noCapa = BackendDialogues.For(MailProtocol.Pop3, Alice, NotUs, BackendTls.StartTlsRequired);
        Feed(noCapa, "+OK hi");
        Assert.IsType<BackendStep.Failed>(Feed(noCapa, "-ERR unknown command"));
    }

    [Fact]
    public void Sieve_upgrades_and_reads_the_capabilities_repeated_over_tls()
    {
        var login = BackendDialogues.For(MailProtocol.ManageSieve, Alice, NotUs, BackendTls.StartTlsRequired);
        Feed(login, "\"SASL\" \"\"");
        Feed(login, "\"STARTTLS\"");
        Assert.Equal("STARTTLS\r\n", Sent(Feed(login, "OK \"ready\"")));
        Assert.IsType<BackendStep.StartTls>(Feed(login, "OK \"Begin TLS negotiation now\""));
        Assert.IsType<BackendStep.Wait>(login.AfterTls());
        Assert.IsType<BackendStep.Wait>(Feed(login, "\"SASL\" \"PLAIN LOGIN\""));
        Assert.StartsWith("AUTHENTICATE \"PLAIN\" ", Sent(Feed(login, "OK \"TLS negotiation successful.\"")));
    }

    [Fact]
    public void Sieve_required_tls_without_starttls_fails()
    {
        var login = BackendDialogues.For(MailProtocol.ManageSieve, Alice, NotUs, BackendTls.StartTlsRequired);
        Feed(login, "\"SASL\" \"PLAIN\"");
        Assert.IsType<BackendStep.Failed>(Feed(login, "OK \"ready\""));
    }

    [Fact]
    public void After_tls_without_an_upgrade_asked_for_is_a_failure()
    {
        foreach (var protocol in new[] { MailProtocol.Pop3, MailProtocol.Imap4, MailProtocol.ManageSieve })
        {
            Assert.IsType<BackendStep.Failed>(BackendDialogues.For(protocol, Alice, NotUs).AfterTls());
        }
    }
}
