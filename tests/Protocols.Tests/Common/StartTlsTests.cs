using System.Text;

namespace ActorMailProxy.Protocols.Tests.Common;

/// <summary>STARTTLS/STLS in all three protocols: what is offered when, what is refused before TLS, and no command injection.</summary>
public class StartTlsTests
{
    private static string Base64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    private static SessionOptions With(ClientTls tls) => new()
    {
        Hostname = "h",
        Tls = tls,
        PopCapability = "UIDL.USER.SASL PLAIN",
        ImapCapability = "IMAP4rev1 SASL-IR AUTH=PLAIN",
        ManageSieveCapability = "\"IMPLEMENTATION\" \"x\"  \"SASL\" \"PLAIN\"",
    };

    [Fact]
    public void Offered_starttls_is_advertised_only_until_tls_is_up()
    {
        var pop = Drive.Pop3(With(ClientTls.StartTls));
        Assert.Equal("+OK Capability list follows\r\nUIDL\r\nUSER\r\nSASL PLAIN\r\nSTLS\r\n.\r\n", pop.Send("CAPA\r\n"));
        Assert.Equal("+OK Begin TLS negotiation\r\n", pop.Send("STLS\r\n"));
        Assert.True(pop.AskedForTls);
        Assert.Equal("", pop.Tls());
        Assert.Equal("+OK Capability list follows\r\nUIDL\r\nUSER\r\nSASL PLAIN\r\n.\r\n", pop.Send("CAPA\r\n"));
        Assert.StartsWith("-ERR TLS is already active", pop.Send("STLS\r\n"));

        var imap = Drive.Imap(With(ClientTls.StartTls));
        Assert.Contains("STARTTLS", Encoding.ASCII.GetString(imap.Session.Greeting));
        Assert.Equal("a OK Begin TLS negotiation now\r\n", imap.Send("a STARTTLS\r\n"));
        imap.Tls();
        Assert.Equal("* CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN\r\nb OK Capability completed.\r\n", imap.Send("b CAPABILITY\r\n"));
    }

    [Fact]
    public void ManageSieve_repeats_its_capabilities_once_tls_is_up()
    {
        var sieve = Drive.Sieve(With(ClientTls.StartTls));
        Assert.Contains("\"STARTTLS\"\r\n", Encoding.ASCII.GetString(sieve.Session.Greeting));
        Assert.Equal("OK \"Begin TLS negotiation now\"\r\n", sieve.Send("STARTTLS\r\n"));
        Assert.Equal("\"IMPLEMENTATION\" \"x\"\r\n\"SASL\" \"PLAIN\"\r\nOK \"TLS negotiation successful.\"\r\n", sieve.Tls());
    }

    [Fact]
    public void Required_tls_refuses_plaintext_logins_and_hides_the_mechanisms()
    {
        var pop = Drive.Pop3(With(ClientTls.StartTlsRequired));
        Assert.Equal("+OK Capability list follows\r\nUIDL\r\nSTLS\r\n.\r\n", pop.Send("CAPA\r\n"));
        Assert.StartsWith("-ERR [AUTH] Plaintext authentication disallowed", pop.Send("USER alice\r\n"));
        Assert.StartsWith("-ERR [AUTH] Plaintext authentication disallowed", pop.Send($"AUTH PLAIN {Base64("\0alice\0pw")}\r\n"));
        Assert.Null(pop.LastLogin);

        var imap = Drive.Imap(With(ClientTls.StartTlsRequired));
        Assert.Equal("* CAPABILITY IMAP4rev1 SASL-IR STARTTLS LOGINDISABLED\r\na OK Capability completed.\r\n", imap.Send("a CAPABILITY\r\n"));
        Assert.StartsWith("b NO [PRIVACYREQUIRED]", imap.Send("b LOGIN alice pw\r\n"));
        Assert.StartsWith("c NO [PRIVACYREQUIRED]", imap.Send($"c AUTHENTICATE PLAIN {Base64("\0alice\0pw")}\r\n"));
        Assert.Null(imap.LastLogin);

        var sieve = Drive.Sieve(With(ClientTls.StartTlsRequired));
        Assert.DoesNotContain("SASL", Encoding.ASCII.GetString(sieve.Session.Greeting));
        Assert.StartsWith("NO (ENCRYPT-NEEDED)", sieve.Send($"AUTHENTICATE \"PLAIN\" \"{Base64("\0alice\0pw")}\"\r\n"));
        Assert.Null(sieve.LastLogin);
    }

    [Fact]
    public void Required_tls_allows_the_login_after_starttls()
    {
        var pop = Drive.Pop3(With(ClientTls.StartTlsRequired));
        pop.Send("STLS\r\n");
        pop.Tls();
        pop.Send("USER alice\r\nPASS pw\r\n");
        Assert.Equal("alice", pop.LastLogin!.User);

        var imap = Drive.Imap(With(ClientTls.StartTlsRequired));
        imap.Send("a STARTTLS\r\n");
        imap.Tls();
        Assert.DoesNotContain("LOGINDISABLED", imap.Send("b CAPABILITY\r\n"));
        imap.Send("c LOGIN alice pw\r\n");
        Assert.Equal("alice", imap.LastLogin!.User);

        var sieve = Drive.Sieve(With(ClientTls.StartTlsRequired));
        sieve.Send("STARTTLS\r\n");
        Assert.Contains("\"SASL\" \"PLAIN\"", sieve.Tls());
        sieve.Send($"AUTHENTICATE \"PLAIN\" \"{Base64("\0alice\0pw")}\"\r\n");
        Assert.Equal("alice", sieve.LastLogin!.User);
    }

    [Theory]
    [InlineData("pop3", "STLS\r\nUSER alice\r\nPASS pw\r\n")]
    [InlineData("imap", "a STARTTLS\r\nb LOGIN alice pw\r\n")]
    [InlineData("sieve", "STARTTLS\r\nAUTHENTICATE \"PLAIN\" \"AGFsaWNlAHB3\"\r\n")]
    public void Commands_pipelined_behind_starttls_are_never_run_and_the_connection_closes(string protocol, string input)
    {
        var d = protocol switch { "pop3" => Drive.Pop3(With(ClientTls.StartTls)), "imap" => Drive.Imap(With(ClientTls.StartTls)), _ => Drive.Sieve(With(ClientTls.StartTls)) };
        d.Send(input);
        Assert.True(d.Closed);
        Assert.False(d.AskedForTls);
        Assert.Null(d.LastLogin);
    }

    [Fact]
    public void Starttls_is_refused_where_it_is_not_offered_or_already_up()
    {
        Assert.StartsWith("-ERR STLS not available", Drive.Pop3(With(ClientTls.None)).Send("STLS\r\n"));
        Assert.StartsWith("a BAD STARTTLS not available", Drive.Imap(With(ClientTls.None)).Send("a STARTTLS\r\n"));
        Assert.StartsWith("a BAD TLS is already active", Drive.Imap(With(ClientTls.Implicit)).Send("a STARTTLS\r\n"));
        Assert.StartsWith("NO", Drive.Sieve(With(ClientTls.Implicit)).Send("STARTTLS\r\n"));
    }

    [Fact]
    public void Implicit_tls_offers_no_starttls_and_allows_logins()
    {
        var imap = Drive.Imap(With(ClientTls.Implicit));
        Assert.DoesNotContain("STARTTLS", Encoding.ASCII.GetString(imap.Session.Greeting));
        imap.Send("a LOGIN alice pw\r\n");
        Assert.Equal("alice", imap.LastLogin!.User);
    }
}
