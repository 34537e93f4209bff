using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ActorMailProxy.Audit.Events;

namespace ActorMailProxy.Audit.LogLines;

/// <summary>
/// A stored audit event as one line of text: in perdition's format, the line perdition(8) writes for it, or as one
/// JSON object. Events hold no password, so no line can show one.
/// </summary>
public static class AuditEventLines
{
    /// <summary>
    /// <c>TIME NODE LINE</c>: the event's time in UTC as ISO 8601 with milliseconds, the node that saw it (its cluster
    /// endpoint, <c>host:port</c>), then perdition's line, e.g.
    /// <c>2026-11-25T13:14:15.678Z 127.0.0.1:2551 Connect: 127.0.0.2:40001-&gt;127.0.0.1:110</c>. The two fields hold no
    /// space, so <c>cut -d' ' -f3-</c> gives perdition's own line. A close prints perdition's counts (received, sent)
    /// whether or not the connection logged in; the close reason and duration are in <see cref="Json"/> only.
    /// </summary>
    public static string Perdition(AuditEvent e) => $"{Time(e.Time)} {e.Node} {PerditionLine(e)}";

    /// <summary>
    /// One JSON object on one line: <c>time</c>, <c>node</c>, <c>event</c> (connect, login-ok, login-failed, refused,
    /// close), <c>id</c>, the session's fields (<c>client</c>, <c>server</c>, <c>protocol</c>, <c>user</c>,
    /// <c>mapped_user</c>, <c>backend</c>, <c>client_tls</c>, <c>server_tls</c>), then the event's own:
    /// <c>reason</c> and <c>detail</c> (a failed login), <c>limit</c> (refused), <c>reason</c>, <c>bytes_from_client</c>,
    /// <c>bytes_to_client</c> and <c>duration_ms</c> (close). A field with no value is left out.
    /// </summary>
    public static string Json(AuditEvent e)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("time", Time(e.Time));
            json.WriteString("node", e.Node);
            json.WriteString("event", EventName(e));
            json.WriteString("id", e.EventId);
            WriteSession(json, e.Session);
            WriteOwnFields(json, e);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The <c>event</c> word of <see cref="Json"/> for each kind.</summary>
    public static string EventName(AuditEvent e) => e switch
    {
        ConnectionOpened => "connect",
        LoginSucceeded => "login-ok",
        LoginFailed => "login-failed",
        ConnectionRefused => "refused",
        ConnectionClosed => "close",
        SessionRelogged => "relog",
        _ => throw new ArgumentException($"no line for {e.GetType().Name}", nameof(e)),
    };

    /// <summary>
    /// Non-ASCII user names stay readable rather than becoming \u escapes; quotes, backslashes and control characters
    /// are still escaped, so the object stays on one line and parses back.
    /// </summary>
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string PerditionLine(AuditEvent e)
    {
        var s = e.Session;
        return e switch
        {
            ConnectionOpened => PerditionLogLines.Connect(s.Client, s.Server),
            LoginSucceeded => Auth(s, "ok"),
            LoginFailed f => Auth(s, $"failed: {f.Detail}"),
            ConnectionRefused r => PerditionLogLines.Refused(s.Client, s.Server, s.User, r.Limit),
            ConnectionClosed c => PerditionLogLines.Close(s.Client, s.Server, null, s.User, c.BytesFromClient, c.BytesToClient),
            // perdition's --connect_relog: the open session's Auth line again, which POP-before-SMTP readers take as a fresh login.
            SessionRelogged => Auth(s, "ok"),
            _ => throw new ArgumentException($"no line for {e.GetType().Name}", nameof(e)),
        };
    }

    /// <summary>Events keep no authorisation id (perdition's NONE) and never a password.</summary>
    private static string Auth(AuditSession s, string status) =>
        PerditionLogLines.Auth(s.Client, s.Server, s.ClientTls, null, s.User, null, s.Backend ?? "", s.Protocol, s.ServerTls, status);

    private static void WriteSession(Utf8JsonWriter json, AuditSession s)
    {
        json.WriteString("client", s.Client);
        json.WriteString("server", s.Server);
        json.WriteString("protocol", s.Protocol);
        WriteIfAny(json, "user", s.User);
        WriteIfAny(json, "mapped_user", s.MappedUser);
        WriteIfAny(json, "backend", s.Backend);
        json.WriteString("client_tls", PerditionLogLines.Name(s.ClientTls));
        json.WriteString("server_tls", PerditionLogLines.Name(s.ServerTls));
    }

    private static void WriteOwnFields(Utf8JsonWriter json, AuditEvent e)
    {
        switch (e)
        {
            case LoginFailed f:
                json.WriteString("reason", FailureName(f.Reason));
                json.WriteString("detail", f.Detail);
                break;
            case ConnectionRefused r:
                json.WriteString("limit", r.Limit);
                break;
            case ConnectionClosed c:
                json.WriteString("reason", c.Reason);
                json.WriteNumber("bytes_from_client", c.BytesFromClient);
                json.WriteNumber("bytes_to_client", c.BytesToClient);
                json.WriteNumber("duration_ms", (long)Math.Round(c.Duration.TotalMilliseconds));
                break;
        }
    }

    private static void WriteIfAny(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    /// <summary>The same words the journal's JSON uses for the class.</summary>
    private static string FailureName(LoginFailureClass reason) => reason switch
    {
        LoginFailureClass.Rejected => "rejected",
        LoginFailureClass.Unavailable => "unavailable",
        LoginFailureClass.LimitReached => "limit-reached",
        _ => "refused",
    };

    private static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
