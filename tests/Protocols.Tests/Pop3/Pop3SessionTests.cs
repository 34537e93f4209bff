using System.Text;

namespace ActorMailProxy.Protocols.Tests.Pop3;

public class Pop3SessionTests
{
    private static string Base64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    [Fact]
    public void Greeting_names_the_host_like_perdition()
    {
        var d = Drive.Pop3(new SessionOptions { Hostname = "mx1.example.org" });
        Assert.Equal("+OK POP3 Ready mx1.example.org\r\n", Encoding.ASCII.GetString(d.Session.Greeting));
    }

    [Fact]
    public void Capa_lists_the_configured_capabilities_one_per_line()
    {
        var d = Drive.Pop3(new SessionOptions { PopCapability = "UIDL.USER.SASL PLAIN" });
        Assert.Equal("+OK Capability list follows\r\nUIDL\r\nUSER\r\nSASL PLAIN\r\n.\r\n", d.Send("CAPA\r\n"));
    }

    [Fact]
    public void Old_two_space_capability_delimiter_is_still_read()
    {
        var d = Drive.Pop3(new SessionOptions { PopCapability = "UIDL  USER" });
        Assert.Equal("+OK Capability list follows\r\nUIDL\r\nUSER\r\n.\r\n", d.Send("CAPA\r\n"));
    }

    [Fact]
    public void User_then_pass_asks_for_login_with_the_whole_rest_of_the_line_as_password()
    {
        var d = Drive.Pop3();
        Assert.StartsWith("+OK", d.Send("USER alice\r\n"));
        Assert.Equal("", d.Send("PASS pass with spaces \r\n"));
        Assert.Equal("alice", d.LastLogin!.User);
        Assert.Equal("pass with spaces ", d.LastLogin.Password.RevealText());
    }

    [Fact]
    public void Commands_are_case_insensitive()
    {
        var d = Drive.Pop3();
        d.Send("user bob\r\npass x\r\n");
        Assert.Equal("bob", d.LastLogin!.User);
    }

    [Fact]
    public void Pass_without_user_is_an_error()
    {
        var d = Drive.Pop3();
        Assert.StartsWith("-ERR", d.Send("PASS x\r\n"));
        Assert.Null(d.LastLogin);
    }

    [Fact]
    public void Auth_plain_with_initial_response_logs_in()
    {
        var d = Drive.Pop3();
        d.Send($"AUTH PLAIN {Base64("\0carol\0s3cret")}\r\n");
        Assert.Equal("carol", d.LastLogin!.User);
        Assert.Equal("s3cret", d.LastLogin.Password.RevealText());
        Assert.Null(d.LastLogin.AuthorizationId);
    }

    [Fact]
    public void Auth_plain_without_initial_response_continues_with_a_challenge()
    {
        var d = Drive.Pop3();
        Assert.Equal("+ \r\n", d.Send("AUTH PLAIN\r\n"));
        d.Send($"{Base64("admin\0carol\0pw")}\r\n");
        Assert.Equal("carol", d.LastLogin!.User);
        Assert.Equal("admin", d.LastLogin.AuthorizationId);
    }

    [Fact]
    public void Auth_continuation_star_cancels()
    {
        var d = Drive.Pop3();
        d.Send("AUTH PLAIN\r\n");
        Assert.StartsWith("-ERR", d.Send("*\r\n"));
        Assert.StartsWith("+OK", d.Send("NOOP\r\n"));
        Assert.Null(d.LastLogin);
    }

    [Fact]
    public void Auth_without_mechanism_lists_plain()
    {
        Assert.Equal("+OK\r\nPLAIN\r\n.\r\n", Drive.Pop3().Send("AUTH\r\n"));
    }

    [Theory]
    [InlineData("AUTH CRAM-MD5\r\n")]
    [InlineData("AUTH PLAIN !!!notbase64\r\n")]
    [InlineData("APOP alice 0123456789abcdef\r\n")]
    [InlineData("RETR 1\r\n")]
    public void Unsupported_or_malformed_commands_get_err_and_the_connection_survives(string line)
    {
        var d = Drive.Pop3();
        Assert.StartsWith("-ERR", d.Send(line));
        Assert.False(d.Closed);
        Assert.StartsWith("+OK", d.Send("NOOP\r\n"));
    }

    [Fact]
    public void Fifth_bad_command_closes_the_connection()
    {
        var d = Drive.Pop3();
        for (var i = 0; i < 4; i++)
        {
            d.Send("BOGUS\r\n");
            Assert.False(d.Closed);
        }
        Assert.Contains("too many bad commands", d.Send("BOGUS\r\n"));
        Assert.True(d.Closed);
    }

    [Fact]
    public void Quit_says_goodbye_and_closes()
    {
        var d = Drive.Pop3();
        Assert.StartsWith("+OK", d.Send("QUIT\r\n"));
        Assert.True(d.Closed);
    }

    [Fact]
    public void Failed_login_returns_to_authorization_state_and_a_retry_can_succeed()
    {
        var d = Drive.Pop3();
        d.Send("USER alice\r\nPASS wrong\r\n");
        Assert.Equal("-ERR [AUTH] Authentication failed.\r\n", d.Fail(new LoginFailure.Rejected("[AUTH] Authentication failed.")));
        Assert.StartsWith("-ERR", d.Send("PASS again\r\n"));
        d.Send("USER alice\r\nPASS right\r\n");
        Assert.Equal("right", d.LastLogin!.Password.RevealText());
    }

    [Fact]
    public void Unavailable_backend_is_a_temporary_error_without_internal_details()
    {
        var d = Drive.Pop3();
        d.Send("USER a\r\nPASS b\r\n");
        var reply = d.Fail(new LoginFailure.Unavailable("connect to 10.1.2.3:110 refused"));
        Assert.StartsWith("-ERR [SYS/TEMP]", reply);
        Assert.DoesNotContain("10.1.2.3", reply);
    }

    [Fact]
    public void A_reached_user_limit_is_ERR_IN_USE()
    {
        var d = Drive.Pop3();
        d.Send("USER a\r\nPASS b\r\n");
        Assert.Equal("-ERR [IN-USE] Too many sessions.\r\n", d.Fail(new LoginFailure.LimitReached("Too many sessions.")));
    }

    [Fact]
    public void Too_many_failed_logins_close_the_connection()
    {
        var d = Drive.Pop3(new SessionOptions { MaxLoginFailures = 2 });
        d.Send("USER a\r\nPASS b\r\n");
        d.Fail(new LoginFailure.Rejected(null));
        Assert.False(d.Closed);
        d.Send("USER a\r\nPASS b\r\n");
        d.Fail(new LoginFailure.Rejected(null));
        Assert.True(d.Closed);
    }

    [Fact]
    public void Commands_pipelined_after_the_login_stay_unread_for_the_backend()
    {
        var d = Drive.Pop3();
        d.Send("USER alice\r\nPASS pw\r\nSTAT\r\nLIST\r\n");
        Assert.NotNull(d.LastLogin);
        Assert.Equal("STAT\r\nLIST\r\n", d.Unread);
    }

    [Fact]
    public void Success_relays_the_backend_text_unless_an_ok_line_is_set()
    {
        Assert.Equal("+OK Logged in.\r\n", Drive.Pop3().Succeed(BackendWelcome.Simple("Logged in.")));
        Assert.Equal("+OK You are so in\r\n", Drive.Pop3(new SessionOptions { OkLine = "You are so in" }).Succeed(BackendWelcome.Simple("Logged in.")));
    }

    [Fact]
    public void Line_longer_than_the_limit_is_refused_and_discarded_without_growing_the_buffer()
    {
        var o = new SessionOptions { MaxLineLength = 64 };
        var d = Drive.Pop3(o);
        var reply = d.Send("USER " + new string('x', 1000) + "\r\nNOOP\r\n");
        Assert.StartsWith("-ERR Line too long", reply);
        Assert.EndsWith("+OK NOOP\r\n", reply);
        Assert.Null(d.LastLogin);
    }

    [Fact]
    public void Login_disabled_refuses_user_and_hides_user_and_sasl_capabilities()
    {
        var o = new SessionOptions { LoginDisabled = true, PopCapability = "UIDL.USER.SASL PLAIN" };
        var d = Drive.Pop3(o);
        Assert.Equal("+OK Capability list follows\r\nUIDL\r\n.\r\n", d.Send("CAPA\r\n"));
        Assert.StartsWith("-ERR", d.Send("USER alice\r\n"));
        Assert.StartsWith("-ERR", d.Send("PASS x\r\n"));
        Assert.Null(d.LastLogin);
    }

    [Fact]
    public void Credentials_never_appear_in_the_text_form_of_actions()
    {
        var d = Drive.Pop3();
        d.Send("USER alice\r\nPASS hunter2\r\n");
        Assert.DoesNotContain("hunter2", string.Join(" ", d.Actions.Select(a => a.ToString())));
    }
}
