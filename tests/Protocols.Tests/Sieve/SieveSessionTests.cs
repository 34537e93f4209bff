using System.Text;

namespace ActorMailProxy.Protocols.Tests.Sieve;

public class SieveSessionTests
{
    private static string Base64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    private static readonly SessionOptions Options = new()
    {
        Hostname = "h",
        ManageSieveCapability = "\"IMPLEMENTATION\" \"x\"  \"SASL\" \"PLAIN\"  \"VERSION\" \"1.0\"",
    };

    [Fact]
    public void Greeting_is_the_capability_list_then_ok()
    {
        var d = Drive.Sieve(Options);
        Assert.Equal("\"IMPLEMENTATION\" \"x\"\r\n\"SASL\" \"PLAIN\"\r\n\"VERSION\" \"1.0\"\r\nOK \"ManageSieve Ready h\"\r\n", Encoding.UTF8.GetString(d.Session.Greeting));
    }

    [Fact]
    public void Capability_repeats_the_list()
    {
        Assert.Equal("\"IMPLEMENTATION\" \"x\"\r\n\"SASL\" \"PLAIN\"\r\n\"VERSION\" \"1.0\"\r\nOK \"Capability completed.\"\r\n", Drive.Sieve(Options).Send("CAPABILITY\r\n"));
    }

    [Theory]
    [InlineData("AUTHENTICATE \"PLAIN\" \"{0}\"\r\n")]
    [InlineData("Authenticate \"plain\" {{{1}+}}\r\n{0}\r\n")]
    public void Authenticate_plain_with_quoted_or_literal_initial_response(string template)
    {
        var b64 = Base64("\0erin\0pw pw");
        var d = Drive.Sieve(Options);
        d.Send(string.Format(template, b64, b64.Length));
        Assert.Equal("erin", d.LastLogin!.User);
        Assert.Equal("pw pw", d.LastLogin.Password.RevealText());
    }

    [Fact]
    public void Authenticate_without_initial_response_sends_an_empty_challenge()
    {
        var d = Drive.Sieve(Options);
        Assert.Equal("\"\"\r\n", d.Send("AUTHENTICATE \"PLAIN\"\r\n"));
        d.Send($"\"{Base64("\0erin\0pw")}\"\r\n");
        Assert.Equal("erin", d.LastLogin!.User);
    }

    [Fact]
    public void Star_aborts_authentication()
    {
        var d = Drive.Sieve(Options);
        d.Send("AUTHENTICATE \"PLAIN\"\r\n");
        Assert.StartsWith("NO", d.Send("\"*\"\r\n"));
        Assert.Null(d.LastLogin);
    }

    [Fact]
    public void Noop_echoes_its_tag()
    {
        Assert.Equal("OK (TAG \"abc\") \"Done\"\r\n", Drive.Sieve(Options).Send("NOOP \"abc\"\r\n"));
    }

    [Fact]
    public void Failed_login_relays_the_backend_text_and_allows_a_retry()
    {
        var d = Drive.Sieve(Options);
        d.Send($"AUTHENTICATE \"PLAIN\" \"{Base64("\0erin\0bad")}\"\r\n");
        Assert.Equal("NO \"Authentication failed.\"\r\n", d.Fail(new LoginFailure.Rejected("\"Authentication failed.\"")));
        d.Send($"AUTHENTICATE \"PLAIN\" \"{Base64("\0erin\0good")}\"\r\n");
        Assert.Equal("good", d.LastLogin!.Password.RevealText());
    }

    [Fact]
    public void Unavailable_is_trylater()
    {
        var d = Drive.Sieve(Options);
        d.Send($"AUTHENTICATE \"PLAIN\" \"{Base64("\0erin\0x")}\"\r\n");
        Assert.StartsWith("NO (TRYLATER)", d.Fail(new LoginFailure.Unavailable("down")));
    }

    [Fact]
    public void A_reached_user_limit_is_trylater()
    {
        var d = Drive.Sieve(Options);
        d.Send($"AUTHENTICATE \"PLAIN\" \"{Base64("\0erin\0x")}\"\r\n");
        Assert.Equal("NO (TRYLATER) \"Too many sessions.\"\r\n", d.Fail(new LoginFailure.LimitReached("Too many sessions.")));
    }

    [Theory]
    [InlineData("PUTSCRIPT \"a\" {1+}\r\nx\r\n")]
    [InlineData("AUTHENTICATE PLAIN\r\n")]
    [InlineData("\"quoted\"\r\n")]
    [InlineData("AUTHENTICATE \"PLAIN\" \"!!!\"\r\n")]
    public void Bad_commands_get_no_and_the_connection_survives(string input)
    {
        var d = Drive.Sieve(Options);
        Assert.StartsWith("NO", d.Send(input));
        Assert.False(d.Closed);
        Assert.StartsWith("OK", d.Send("NOOP\r\n"));
    }

    [Fact]
    public void Too_many_bad_commands_say_bye()
    {
        var d = Drive.Sieve(Options);
        var reply = d.Send(string.Concat(Enumerable.Repeat("FOO\r\n", 5)));
        Assert.Contains("BYE", reply);
        Assert.True(d.Closed);
    }

    [Fact]
    public void Logout_closes()
    {
        var d = Drive.Sieve(Options);
        Assert.StartsWith("OK", d.Send("LOGOUT\r\n"));
        Assert.True(d.Closed);
    }

    [Fact]
    public void Success_relays_the_backend_ok_or_the_ok_line()
    {
        Assert.Equal("OK \"Logged in.\"\r\n", Drive.Sieve(Options).Succeed(BackendWelcome.Simple("\"Logged in.\"")));
        Assert.Equal("OK \"so in\"\r\n", Drive.Sieve(Options with { OkLine = "so in" }).Succeed(BackendWelcome.Simple("\"Logged in.\"")));
    }

    [Fact]
    public void Login_disabled_hides_sasl_and_refuses()
    {
        var d = Drive.Sieve(Options with { LoginDisabled = true });
        Assert.DoesNotContain("SASL", Encoding.UTF8.GetString(d.Session.Greeting));
        Assert.StartsWith("NO", d.Send($"AUTHENTICATE \"PLAIN\" \"{Base64("\0a\0b")}\"\r\n"));
        Assert.Null(d.LastLogin);
    }
}
