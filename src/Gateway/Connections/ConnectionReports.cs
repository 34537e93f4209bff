using ActorMailProxy.Protocols;

namespace ActorMailProxy.Gateway.Connections;

/// <summary>Turns a session's facts into its perdition-format log lines and its audit events.</summary>
internal static class ConnectionReports
{
    public static void Write(SessionReport report, ConnectionContext context, ConnectionSetup setup, ConnectionAudit audit)
    {
        var log = context.Services.Log;
        var (client, local, protocol) = (setup.Client, setup.Local, setup.Protocol);
        switch (report)
        {
            case SessionReport.Opened:
                log.Connect(client, local);
                audit.Opened();
                break;
            case SessionReport.ClientSecured secured:
                audit.ClientTls(secured.Security);
                break;
            case SessionReport.Refused refused:
                log.Refused(client, local, refused.LimitKey, refused.User);
                audit.Refused(refused.LimitKey, refused.User);
                break;
            case SessionReport.LoginFailed failed:
                log.Auth(client, local, failed.Credentials, failed.Server, protocol, $"failed: {failed.Reason}", failed.ClientSecurity, TransportSecurity.Plaintext);
                audit.LoginFailed(failed.Credentials, failed.LoginUser, failed.Server, failed.Failure, failed.Reason);
                break;
            case SessionReport.LoggedIn ok:
                log.Auth(client, local, ok.Credentials, ok.Server, protocol, "ok", ok.ClientSecurity, ok.ServerSecurity);
                audit.LoginSucceeded(ok.Credentials, ok.LoginUser, ok.Server, ok.ServerSecurity);
                break;
            case SessionReport.Relogged:
                audit.Relogged();
                break;
            case SessionReport.IdleTimedOut:
                log.Debug("Idle timeout after login for {Client}", client);
                break;
            case SessionReport.SessionEnded ended:
                log.Close(client, local, ended.Credentials, ended.FromClient, ended.ToClient);
                break;
        }
    }
}
