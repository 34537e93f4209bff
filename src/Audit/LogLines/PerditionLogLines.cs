using System.Net;

namespace ActorMailProxy.Audit;

/// <summary>
/// The session log lines perdition(8) writes ("POP BEFORE SMTP"), so tools that read perdition's log read ours:
/// <c>Connect:</c>, <c>Auth:</c> and <c>Close:</c>.
/// </summary>
public static class PerditionLogLines
{
    public static string FromTo(IPEndPoint client, IPEndPoint local) => $"{Endpoint(client)}->{Endpoint(local)}";

    public static string Connect(IPEndPoint client, IPEndPoint local) => $"Connect: {FromTo(client, local)}";

    /// <summary>
    /// One Auth line. <paramref name="password"/> is printed only when the caller decided <c>--log_passwd</c> allows it;
    /// <paramref name="status"/> is <c>ok</c> or <c>failed: reason</c>.
    /// </summary>
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
        string status)
    {
        var pass = password is null ? "" : $" password=\"{Escape(password)}\"";
        return $"Auth: {FromTo(client, local)} client-secure={Name(clientSecurity)} authorisation_id={Quoted(authorisationId)} "
            + $"authentication_id=\"{Escape(authenticationId ?? "")}\"{pass} server=\"{server}\" protocol={protocol} "
            + $"server-secure={Name(serverSecurity)} status=\"{Escape(status)}\"";
    }

    public static string Close(IPEndPoint client, IPEndPoint local, string? authorisationId, string? authenticationId, long received, long sent) =>
        $"Close: {FromTo(client, local)} authorisation_id={Quoted(authorisationId)} authentication_id=\"{Escape(authenticationId ?? "")}\" received={received} sent={sent}";

    public static bool MayLogPassword(PasswordLogging policy, bool debug, bool ok) => debug && policy switch
    {
        PasswordLogging.Always => true,
        PasswordLogging.Ok => ok,
        PasswordLogging.Fail => !ok,
        _ => false,
    };

    private static string Endpoint(IPEndPoint e)
    {
        var address = e.Address.IsIPv4MappedToIPv6 ? e.Address.MapToIPv4() : e.Address;
        return $"{address}:{e.Port}";
    }

    private static string Quoted(string? value) => value is null ? "NONE" : $"\"{Escape(value)}\"";

    /// <summary>A user name is client input: keep it on one line and inside its quotes.</summary>
    private static string Escape(string value) =>
        value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\r", "\\r").Replace("\n", "\\n");

    private static string Name(TransportSecurity s) => s switch
    {
        TransportSecurity.Ssl => "ssl",
        TransportSecurity.StartTls => "starttls",
        _ => "plaintext",
    };
}
