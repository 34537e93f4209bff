using System.Text.Json;
using ActorMailProxy.Audit.Events;
using ActorMailProxy.Audit.LogLines;

namespace ActorMailProxy.Audit.Tests.LogLines;

/// <summary>A stored event written back as perdition's line (with time and node in front) or as one JSON object.</summary>
public sealed class AuditEventLinesTests
{
    private const string Prefix = "2026-11-25T13:14:15.678Z 127.0.0.1:2551 ";

    private static readonly AuditEvent[] Samples = [.. AuditSamples.OneOfEach()];

    private static AuditEvent Sample<T>() where T : AuditEvent => Samples.OfType<T>().Single();

    private static JsonElement Parsed(AuditEvent e) => JsonDocument.Parse(AuditEventLines.Json(e)).RootElement;

    [Fact]
    public void A_connection_opened_is_perditions_connect_line_after_time_and_node()
    {
        Assert.Equal(Prefix + "Connect: 127.0.0.2:40001->127.0.0.1:110", AuditEventLines.Perdition(Sample<ConnectionOpened>()));
    }

    [Fact]
    public void A_login_is_perditions_auth_line_with_status_ok_and_no_password()
    {
        Assert.Equal(Prefix + "Auth: [::1]:40002->[::1]:993 client-secure=ssl authorisation_id=NONE authentication_id=\"Zoë \\\"x\\\"@example.org\" "
            + "server=\"mail2.example.org:143\" protocol=IMAP4 server-secure=starttls status=\"ok\"",
            AuditEventLines.Perdition(Sample<LoginSucceeded>()));
    }

    [Fact]
    public void A_failed_login_is_an_auth_line_whose_status_gives_the_detail()
    {
        var line = AuditEventLines.Perdition(Sample<LoginFailed>());
        Assert.StartsWith("2026-11-25T13:14:15.678Z 127.0.0.1:2552 Auth: [::1]:40002->[::1]:993 client-secure=ssl authorisation_id=NONE ", line);
        Assert.EndsWith("status=\"failed: backend refused the credentials\"", line);
        Assert.DoesNotContain("password", line);
    }

    [Fact]
    public void A_refusal_names_the_limit_key_and_the_user()
    {
        Assert.Equal("2026-11-25T13:14:15.678Z 127.0.0.1:2553 Refused: 127.0.0.2:40001->127.0.0.1:110 authentication_id=\"bob\" limit=\"user:bob\"",
            AuditEventLines.Perdition(Sample<ConnectionRefused>()));
    }

    [Fact]
    public void A_close_is_perditions_close_line_with_the_bytes_each_way()
    {
        Assert.Equal(Prefix + "Close: [::1]:40002->[::1]:993 authorisation_id=NONE authentication_id=\"Zoë \\\"x\\\"@example.org\" received=1234 sent=5678901234",
            AuditEventLines.Perdition(Sample<ConnectionClosed>()));
    }

    [Fact]
    public void A_relog_repeats_the_sessions_auth_line_as_perditions_connect_relog_does()
    {
        var relog = AuditEventLines.Perdition(Sample<SessionRelogged>());
        Assert.Equal(AuditEventLines.Perdition(Sample<LoginSucceeded>()), relog);
        Assert.Equal("relog", Parsed(Sample<SessionRelogged>()).GetProperty("event").GetString());
    }

    [Fact]
    public void A_close_before_login_has_an_empty_authentication_id()
    {
        var closed = new ConnectionClosed("c", "n1", AuditSamples.Time, AuditSamples.Accepted, 0, 0, TimeSpan.FromSeconds(1), "client went away");
        Assert.EndsWith("Close: 127.0.0.2:40001->127.0.0.1:110 authorisation_id=NONE authentication_id=\"\" received=0 sent=0", AuditEventLines.Perdition(closed));
    }

    [Fact]
    public void The_time_is_utc_whatever_offset_the_event_was_stamped_with()
    {
        var opened = new ConnectionOpened("o", "n1", new DateTimeOffset(2026, 11, 25, 15, 0, 0, 5, TimeSpan.FromHours(2)), AuditSamples.Accepted);
        Assert.StartsWith("2026-11-25T13:00:00.005Z n1 Connect: ", AuditEventLines.Perdition(opened));
        Assert.Equal("2026-11-25T13:00:00.005Z", Parsed(opened).GetProperty("time").GetString());
    }

    [Fact]
    public void A_user_name_cannot_forge_a_field_or_a_line_in_either_format()
    {
        var forged = "x\" status=\"ok\"\r\nAuth: fake\u001b[2J";
        var failed = new LoginFailed("f", "n1", AuditSamples.Time, AuditSamples.Accepted with { User = forged }, LoginFailureClass.Rejected, "no");

        var line = AuditEventLines.Perdition(failed);
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\r', line);
        Assert.DoesNotContain('\u001b', line);
        Assert.Contains("authentication_id=\"x\\\" status=\\\"ok\\\"\\r\\nAuth: fake\\u001b[2J\"", line);

        var json = AuditEventLines.Json(failed);
        Assert.DoesNotContain('\n', json);
        Assert.DoesNotContain('\u001b', json);
        Assert.Equal(forged, Parsed(failed).GetProperty("user").GetString());
    }

    [Fact]
    public void Json_gives_the_common_fields_first_and_the_session_with_tls_in_perditions_words()
    {
        var json = AuditEventLines.Json(Sample<LoginSucceeded>());
        Assert.Equal("{\"time\":\"2026-11-25T13:14:15.678Z\",\"node\":\"127.0.0.1:2551\",\"event\":\"login-ok\",\"id\":\"e2\","
            + "\"client\":\"[::1]:40002\",\"server\":\"[::1]:993\",\"protocol\":\"IMAP4\",\"user\":\"Zoë \\\"x\\\"@example.org\","
            + "\"mapped_user\":\"zoe\",\"backend\":\"mail2.example.org:143\",\"client_tls\":\"ssl\",\"server_tls\":\"starttls\"}", json);
    }

    [Theory]
    [InlineData(typeof(ConnectionOpened), "connect")]
    [InlineData(typeof(LoginSucceeded), "login-ok")]
    [InlineData(typeof(LoginFailed), "login-failed")]
    [InlineData(typeof(ConnectionRefused), "refused")]
    [InlineData(typeof(ConnectionClosed), "close")]
    public void Every_kind_is_one_json_object_on_one_line_that_parses_back_to_its_fields(Type kind, string name)
    {
        var e = Samples.Single(s => s.GetType() == kind);
        var json = AuditEventLines.Json(e);
        Assert.DoesNotContain('\n', json);
        var root = Parsed(e);
        Assert.Equal(name, root.GetProperty("event").GetString());
        Assert.Equal(e.EventId, root.GetProperty("id").GetString());
        Assert.Equal(e.Node, root.GetProperty("node").GetString());
        Assert.Equal(e.Time, root.GetProperty("time").GetDateTimeOffset());
        Assert.Equal(e.Session.Client, root.GetProperty("client").GetString());
        Assert.Equal(e.Session.Server, root.GetProperty("server").GetString());
        Assert.Equal(e.Session.User, root.TryGetProperty("user", out var user) ? user.GetString() : null);
        Assert.Equal(e.Session.MappedUser, root.TryGetProperty("mapped_user", out var mapped) ? mapped.GetString() : null);
        Assert.Equal(e.Session.Backend, root.TryGetProperty("backend", out var backend) ? backend.GetString() : null);
    }

    [Fact]
    public void Null_fields_are_left_out_not_written_as_null()
    {
        var json = AuditEventLines.Json(Sample<ConnectionOpened>());
        Assert.DoesNotContain("null", json);
        Assert.DoesNotContain("\"user\"", json);
        Assert.DoesNotContain("\"backend\"", json);
        Assert.DoesNotContain("\"mapped_user\"", Parsed(Sample<LoginFailed>()).ToString());
    }

    [Fact]
    public void Each_kind_adds_its_own_fields()
    {
        var failed = Parsed(Sample<LoginFailed>());
        Assert.Equal(("rejected", "backend refused the credentials"), (failed.GetProperty("reason").GetString(), failed.GetProperty("detail").GetString()));
        Assert.Equal("user:bob", Parsed(Sample<ConnectionRefused>()).GetProperty("limit").GetString());
        var closed = Parsed(Sample<ConnectionClosed>());
        Assert.Equal("session closed", closed.GetProperty("reason").GetString());
        Assert.Equal(1234, closed.GetProperty("bytes_from_client").GetInt64());
        Assert.Equal(5_678_901_234, closed.GetProperty("bytes_to_client").GetInt64());
        Assert.Equal(1500, closed.GetProperty("duration_ms").GetInt64());
    }

    [Fact]
    public void No_line_of_any_kind_mentions_a_password()
    {
        Assert.All(Samples, e =>
        {
            Assert.DoesNotContain("password", AuditEventLines.Perdition(e), StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("password", AuditEventLines.Json(e), StringComparison.OrdinalIgnoreCase);
        });
    }
}
