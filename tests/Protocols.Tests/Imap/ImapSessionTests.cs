using System.Text;

namespace ActorMailProxy.Protocols.Tests.Imap;

public class ImapSessionTests
{
    private static string Base64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    [Fact]
    public void Greeting_carries_capabilities_and_host()
    {
        var d = Drive.Imap(new SessionOptions { Hostname = "h", ImapCapability = "IMAP4rev1 AUTH=PLAIN" });
        Assert.Equal("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] IMAP4 Ready h\r\n", Encoding.ASCII.GetString(d.Session.Greeting));
    }

    [Fact]
    public void Capability_noop_and_id_are_answered_with_the_clients_tag()
    {
        var d = Drive.Imap(new SessionOptions { ImapCapability = "IMAP4rev1" });
        Assert.Equal("* CAPABILITY IMAP4rev1\r\na1 OK Capability completed.\r\n", d.Send("a1 CAPABILITY\r\n"));
        Assert.Equal("a2 OK NOOP completed.\r\n", d.Send("a2 NOOP\r\n"));
        Assert.EndsWith("a3 OK ID completed.\r\n", d.Send("a3 ID (\"name\" \"mutt\")\r\n"));
        Assert.EndsWith("a4 OK ID completed.\r\n", d.Send("a4 ID NIL\r\n"));
    }

    [Theory]
    [InlineData("a LOGIN alice secret\r\n", "alice", "secret")]
    [InlineData("a login \"alice\" \"se cret\"\r\n", "alice", "se cret")]
    [InlineData("a LOGIN \"al\\\"ice\" \"back\\\\slash\"\r\n", "al\"ice", "back\\slash")]
    [InlineData("a LOGIN alice {6+}\r\nse\r\nt!\r\n", "alice", "se\r\nt!")]
    [InlineData("a LOGIN {5+}\r\nalice \"x\"\r\n", "alice", "x")]
    public void Login_accepts_atoms_quoted_strings_and_literals(string input, string user, string password)
    {
        var d = Drive.Imap();
        d.Send(input);
        Assert.Equal(user, d.LastLogin!.User);
        Assert.Equal(password, d.LastLogin.Password.RevealText());
    }

    [Fact]
    public void Synchronising_literal_gets_a_continuation_request_before_its_data()
    {
        var d = Drive.Imap();
        Assert.Equal("+ Ready for literal data\r\n", d.Send("a LOGIN {5}\r\n"));
        Assert.Equal("+ Ready for literal data\r\n", d.Send("alice {3}\r\n"));
        d.Send("pw!\r\n");
        Assert.Equal("alice", d.LastLogin!.User);
        Assert.Equal("pw!", d.LastLogin.Password.RevealText());
    }

    [Fact]
    public void Literal_split_across_reads_is_assembled()
    {
        var d = Drive.Imap();
        d.Send("a LOGIN alice {10+}\r\n01234");
        Assert.Null(d.LastLogin);
        d.Send("56789\r\n");
        Assert.Equal("0123456789", d.LastLogin!.Password.RevealText());
    }

    [Fact]
    public void Utf8_password_bytes_are_kept_exactly()
    {
        var d = Drive.Imap();
        var password = "pässwörd€";
        var bytes = Encoding.UTF8.GetByteCount(password);
        d.Send($"a LOGIN bob {{{bytes}+}}\r\n{password}\r\n");
        Assert.Equal(password, d.LastLogin!.Password.RevealText());
    }

    [Fact]
    public void Authenticate_plain_with_sasl_ir()
    {
        var d = Drive.Imap();
        d.Send($"x AUTHENTICATE PLAIN {Base64("\0dave\0pw")}\r\n");
        Assert.Equal("dave", d.LastLogin!.User);
    }

    [Fact]
    public void Authenticate_plain_with_continuation_and_cancel()
    {
        var d = Drive.Imap();
        Assert.Equal("+ \r\n", d.Send("x AUTHENTICATE PLAIN\r\n"));
        Assert.Equal("x BAD Authentication cancelled.\r\n", d.Send("*\r\n"));
        Assert.Equal("+ \r\n", d.Send("y AUTHENTICATE plain\r\n"));
        d.Send(Base64("\0dave\0pw") + "\r\n");
        Assert.Equal("dave", d.LastLogin!.User);
        Assert.Equal("y NO [AUTHENTICATIONFAILED] Authentication failed.\r\n", d.Fail(new LoginFailure.Rejected(null)));
    }

    [Fact]
    public void A_reached_user_limit_is_NO_LIMIT_and_the_client_may_log_in_again()
    {
        var d = Drive.Imap();
        d.Send("a LOGIN dave pw\r\n");
        Assert.Equal("a NO [LIMIT] Too many sessions.\r\n", d.Fail(new LoginFailure.LimitReached("Too many sessions.")));
        d.Send("b LOGIN dave pw\r\n");
        Assert.Equal("dave", d.LastLogin!.User);
    }

    [Fact]
    public void Unsupported_mechanism_is_refused()
    {
        Assert.Equal("x NO Unsupported authentication mechanism.\r\n", Drive.Imap().Send("x AUTHENTICATE CRAM-MD5\r\n"));
    }

    [Fact]
    public void Failed_login_carries_the_clients_tag_and_the_backends_text_and_a_retry_works()
    {
        var d = Drive.Imap();
        d.Send("t1 LOGIN alice wrong\r\n");
        Assert.Equal("t1 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n", d.Fail(new LoginFailure.Rejected("[AUTHENTICATIONFAILED] Authentication failed.")));
        d.Send("t2 LOGIN alice right\r\n");
        Assert.Equal("right", d.LastLogin!.Password.RevealText());
    }

    [Fact]
    public void Success_relays_untagged_lines_and_the_backends_ok_under_the_clients_tag()
    {
        var d = Drive.Imap();
        d.Send("abc LOGIN alice pw\r\n");
        var welcome = new BackendWelcome(["* OK [ALERT] hi"], "[CAPABILITY IMAP4rev1 IDLE] Logged in", "IMAP4rev1 IDLE");
        Assert.Equal("* OK [ALERT] hi\r\nabc OK [CAPABILITY IMAP4rev1 IDLE] Logged in\r\n", d.Succeed(welcome));
    }

    [Fact]
    public void Ok_line_replaces_the_text_but_keeps_the_backends_capabilities()
    {
        var d = Drive.Imap(new SessionOptions { OkLine = "You are so in" });
        d.Send("abc LOGIN alice pw\r\n");
        var welcome = new BackendWelcome([], "[CAPABILITY IMAP4rev1 IDLE] Logged in", "IMAP4rev1 IDLE");
        Assert.Equal("abc OK [CAPABILITY IMAP4rev1 IDLE] You are so in\r\n", d.Succeed(welcome));
    }

    [Fact]
    public void Commands_pipelined_after_login_stay_unread()
    {
        var d = Drive.Imap();
        d.Send("a LOGIN u p\r\nb SELECT INBOX\r\nc FETCH 1 BODY[]\r\n");
        Assert.Equal("b SELECT INBOX\r\nc FETCH 1 BODY[]\r\n", d.Unread);
    }

    [Fact]
    public void Commands_pipelined_after_a_failed_login_are_answered_before_login()
    {
        var d = Drive.Imap();
        d.Send("a LOGIN u p\r\nb SELECT INBOX\r\n");
        var reply = d.Fail(new LoginFailure.Rejected(null));
        Assert.StartsWith("a NO", reply);
        Assert.Contains("b BAD", reply);
    }

    [Theory]
    [InlineData("a SELECT INBOX\r\n", "a BAD")]
    [InlineData("a LOGIN onlyuser\r\n", "a BAD")]
    [InlineData("a LOGIN (x) y\r\n", "a BAD")]
    [InlineData("a LOGIN \"unterminated\r\n", "a BAD")]
    [InlineData("a\r\n", "a BAD")]
    [InlineData("+bad NOOP\r\n", "* BAD")]
    [InlineData("a LOGIN u {x}\r\n", "a BAD")]
    [InlineData("a ID ((((((((((x))))))))))\r\n", "a BAD")]
    public void Bad_input_gets_tagged_bad_and_the_connection_survives(string input, string expected)
    {
        var d = Drive.Imap();
        Assert.StartsWith(expected, d.Send(input));
        Assert.False(d.Closed);
        Assert.Equal("z OK NOOP completed.\r\n", d.Send("z NOOP\r\n"));
    }

    [Fact]
    public void Empty_lines_are_ignored()
    {
        Assert.Equal("", Drive.Imap().Send("\r\n\r\n"));
    }

    [Fact]
    public void Fifth_bad_command_says_bye_and_closes()
    {
        var d = Drive.Imap();
        var reply = d.Send("1 X\r\n2 X\r\n3 X\r\n4 X\r\n5 X\r\n6 NOOP\r\n");
        Assert.Contains("5 BAD", reply);
        Assert.EndsWith("* BYE Too many bad commands.\r\n", reply);
        Assert.True(d.Closed);
    }

    [Fact]
    public void Oversized_synchronising_literal_is_refused_without_continuation()
    {
        var d = Drive.Imap(new SessionOptions { MaxLiteralSize = 100 });
        Assert.Equal("a BAD Literal too large\r\n", d.Send("a LOGIN u {101}\r\n"));
        Assert.False(d.Closed);
    }

    [Fact]
    public void Oversized_non_synchronising_literal_closes_the_connection()
    {
        var d = Drive.Imap(new SessionOptions { MaxLiteralSize = 100 });
        Assert.Equal("* BYE Literal too large.\r\n", d.Send("a LOGIN u {1000000+}\r\n"));
        Assert.True(d.Closed);
    }

    [Fact]
    public void Too_long_line_is_refused_with_its_tag_and_the_rest_discarded()
    {
        var d = Drive.Imap(new SessionOptions { MaxLineLength = 64 });
        var reply = d.Send("t7 LOGIN " + new string('x', 5000) + " y\r\nz NOOP\r\n");
        Assert.StartsWith("t7 BAD Line too long", reply);
        Assert.EndsWith("z OK NOOP completed.\r\n", reply);
    }

    [Fact]
    public void Login_disabled_advertises_logindisabled_and_refuses_login()
    {
        var o = new SessionOptions { LoginDisabled = true, ImapCapability = "IMAP4rev1 AUTH=PLAIN" };
        var d = Drive.Imap(o);
        Assert.StartsWith("* CAPABILITY IMAP4rev1 LOGINDISABLED\r\n", d.Send("a CAPABILITY\r\n"));
        Assert.StartsWith("b NO", d.Send("b LOGIN u p\r\n"));
        Assert.Null(d.LastLogin);
    }

    [Fact]
    public void Logout_says_bye_and_closes()
    {
        var d = Drive.Imap();
        Assert.Equal("* BYE Logging out\r\nq OK Logout completed.\r\n", d.Send("q LOGOUT\r\n"));
        Assert.True(d.Closed);
    }
}
