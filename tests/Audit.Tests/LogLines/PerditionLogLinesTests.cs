using System.Net;
using ActorMailProxy.Audit.Events;
using ActorMailProxy.Audit.LogLines;
using ActorMailProxy.Protocols;

namespace ActorMailProxy.Audit.Tests.LogLines;

public class PerditionLogLinesTests
{
    private static readonly IPEndPoint Client = IPEndPoint.Parse("127.0.0.2:40001");
    private static readonly IPEndPoint Local = IPEndPoint.Parse("127.0.0.1:110");

    [Fact]
    public void Connect_line_has_perditions_from_to()
    {
        Assert.Equal("Connect: 127.0.0.2:40001->127.0.0.1:110", PerditionLogLines.Connect(Client, Local));
    }

    [Fact]
    public void Auth_line_matches_perditions_fields_in_order()
    {
        var line = PerditionLogLines.Auth(Client, Local, TransportSecurity.Plaintext, null, "alice", null, "10.0.0.5:110", "POP3", TransportSecurity.Plaintext, "ok");
        Assert.Equal("Auth: 127.0.0.2:40001->127.0.0.1:110 client-secure=plaintext authorisation_id=NONE authentication_id=\"alice\" server=\"10.0.0.5:110\" protocol=POP3 server-secure=plaintext status=\"ok\"", line);
    }

    [Fact]
    public void Auth_line_shows_a_password_only_when_given_one()
    {
        var with = PerditionLogLines.Auth(Client, Local, TransportSecurity.Ssl, "admin", "alice", "pw", "s:1", "IMAP4", TransportSecurity.StartTls, "failed: Re-Authentication Failure");
        Assert.Contains(" password=\"pw\" ", with);
        Assert.Contains("client-secure=ssl authorisation_id=\"admin\"", with);
        Assert.Contains("server-secure=starttls status=\"failed: Re-Authentication Failure\"", with);
    }

    [Fact]
    public void Close_line_counts_bytes()
    {
        Assert.Equal("Close: 127.0.0.2:40001->127.0.0.1:110 authorisation_id=NONE authentication_id=\"alice\" received=12 sent=3400",
            PerditionLogLines.Close(Client, Local, null, "alice", 12, 3400));
    }

    [Fact]
    public void User_names_cannot_forge_fields_or_lines()
    {
        var line = PerditionLogLines.Close(Client, Local, null, "x\" received=0\nAuth: fake", 1, 2);
        Assert.DoesNotContain("\n", line);
        Assert.Contains("authentication_id=\"x\\\" received=0\\nAuth: fake\"", line);
    }

    [Theory]
    [InlineData(PasswordLogging.Never, true, true, false)]
    [InlineData(PasswordLogging.Always, false, true, false)]
    [InlineData(PasswordLogging.Always, true, false, true)]
    [InlineData(PasswordLogging.Ok, true, true, true)]
    [InlineData(PasswordLogging.Ok, true, false, false)]
    [InlineData(PasswordLogging.Fail, true, false, true)]
    [InlineData(PasswordLogging.Fail, true, true, false)]
    public void Password_logging_needs_debug_and_a_matching_policy(PasswordLogging policy, bool debug, bool ok, bool expected)
    {
        Assert.Equal(expected, PerditionLogLines.MayLogPassword(policy, debug, ok));
    }

    [Fact]
    public void Ipv4_mapped_addresses_print_as_ipv4()
    {
        var mapped = new IPEndPoint(IPAddress.Parse("127.0.0.2").MapToIPv6(), 5);
        Assert.Equal("Connect: 127.0.0.2:5->127.0.0.1:110", PerditionLogLines.Connect(mapped, Local));
    }

    [Fact]
    public void Refused_line_names_the_user_and_the_limit_key_quoted()
    {
        Assert.Equal("Refused: 127.0.0.2:40001->127.0.0.1:110 authentication_id=\"\" limit=\"ip:127.0.0.2\"",
            PerditionLogLines.Refused(Client, Local, null, "ip:127.0.0.2"));
    }

    [Fact]
    public void Ipv6_endpoints_are_bracketed_so_the_port_stays_apart_from_the_address()
    {
        Assert.Equal("Connect: [::1]:40001->[::1]:110", PerditionLogLines.Connect(IPEndPoint.Parse("[::1]:40001"), IPEndPoint.Parse("[::1]:110")));
    }

    [Fact]
    public void The_live_log_and_stored_events_write_the_same_line_for_the_same_endpoints()
    {
        var session = AuditSession.Accepted(Client, Local, "POP3");
        Assert.Equal(PerditionLogLines.Close(Client, Local, null, "alice", 1, 2), PerditionLogLines.Close(session.Client, session.Server, null, "alice", 1, 2));
    }
}
