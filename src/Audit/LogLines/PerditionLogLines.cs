using System.Net;
using System.Text;
using ActorMailProxy.Audit.Events;
using ActorMailProxy.Protocols;

namespace ActorMailProxy.Audit.LogLines;

/// <summary>
/// The session log lines perdition(8) writes ("POP BEFORE SMTP"), so tools that read perdition's log read ours:
/// <c>Connect:</c>, <c>Auth:</c> and <c>Close:</c>, and our <c>Refused:</c> in the same style. The live log and the
/// lines written from stored audit events (<see cref="AuditEventLines"/>) both come from here, from endpoints written
/// as <see cref="AuditSession.Endpoint"/> writes them.
/// </summary>
public static class PerditionLogLines
{
    public static string FromTo(string client, string local) => $"{client}->{local}";

    public static string Connect(IPEndPoint client, IPEndPoint local) => Connect(AuditSession.Endpoint(client), AuditSession.Endpoint(local));

    public static string Connect(string client, string local) => $"Connect: {FromTo(client, local)}";

    public static string Auth(
        IPEndPoint client,
        IPEndPoint local,
        TransportSecurity clientSecurity,
        string? authorisationId,
        string? authenticationId,
        string? password,
        string server,
        string protocol,
        TransportSecurity serverSecurity,
        string status) =>
        Auth(AuditSession.Endpoint(client), AuditSession.Endpoint(local), clientSecurity, authorisationId, authenticationId, password, server, protocol, serverSecurity, status);

    /// <summary>
    /// One Auth line. <paramref name="password"/> is printed only when the caller decided <c>--log_passwd</c> allows it;
    /// <paramref name="status"/> is <c>ok</c> or <c>failed: reason</c>.
    /// </summary>
    public static string Auth(
        string client,
        string local,
        TransportSecurity clientSecurity,
        string? authorisationId,
        string? authenticationId,
        string? password,
        string server,
        string protocol,
        TransportSecurity serverSecurity,
        string status)
    {
        var pass = password is null ? "" : $" password=\"{Escape(password)}\"";
        return $"Auth: {FromTo(client, local)} client-secure={Name(clientSecurity)} authorisation_id={Quoted(authorisationId)} "
            + $"authentication_id=\"{Escape(authenticationId ?? "")}\"{pass} server=\"{Escape(server)}\" protocol={protocol} "
            + $"server-secure={Name(serverSecurity)} status=\"{Escape(status)}\"";
    }

    public static string Close(IPEndPoint client, IPEndPoint local, string? authorisationId, string? authenticationId, long received, long sent) =>
        Close(AuditSession.Endpoint(client), AuditSession.Endpoint(local), authorisationId, authenticationId, received, sent);

    public static string Close(string client, string local, string? authorisationId, string? authenticationId, long received, long sent) =>
        $"Close: {FromTo(client, local)} authorisation_id={Quoted(authorisationId)} authentication_id=\"{Escape(authenticationId ?? "")}\" received={received} sent={sent}";

    public static string Refused(IPEndPoint client, IPEndPoint local, string? authenticationId, string limit) =>
        Refused(AuditSession.Endpoint(client), AuditSession.Endpoint(local), authenticationId, limit);

    /// <summary>A cluster-wide limit said no (perdition has no such line): which key, and the user if one was given.</summary>
    public static string Refused(string client, string local, string? authenticationId, string limit) =>
        $"Refused: {FromTo(client, local)} authentication_id=\"{Escape(authenticationId ?? "")}\" limit=\"{Escape(limit)}\"";

    public static bool MayLogPassword(PasswordLogging policy, bool debug, bool ok) => debug && policy switch
    {
        PasswordLogging.Always => true,
        PasswordLogging.Ok => ok,
        PasswordLogging.Fail => !ok,
        _ => false,
    };

    /// <summary>Perdition's SECURE_STATUS word.</summary>
    public static string Name(TransportSecurity s) => s switch
    {
        TransportSecurity.Ssl => "ssl",
        TransportSecurity.StartTls => "starttls",
        _ => "plaintext",
    };

    private static string Quoted(string? value) => value is null ? "NONE" : $"\"{Escape(value)}\"";

    /// <summary>
    /// A user name is client input: keep it on one line, inside its quotes, and free of control characters that a
    /// terminal would act on.
    /// </summary>
    private static string Escape(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\r' => "\\r",
                '\n' => "\\n",
                '\t' => "\\t",
                _ when char.IsControl(c) || c is '\u2028' or '\u2029' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return text.ToString();
    }
}
