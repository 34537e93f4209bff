using System.Net;
using ActorMailProxy.Audit.LogLines;
using ActorMailProxy.Protocols;
using Serilog;

namespace ActorMailProxy.Gateway.Logging;

/// <summary>Writes a session's perdition-format lines; the only place that decides whether a password may be logged.</summary>
public sealed class SessionLog(ILogger logger, PasswordLogging passwordLogging, bool debug)
{
    public void Connect(IPEndPoint client, IPEndPoint local) => logger.Information("{Line:l}", PerditionLogLines.Connect(client, local));

    public void Auth(IPEndPoint client, IPEndPoint local, Credentials credentials, string server, MailProtocol protocol, string status,
        TransportSecurity clientSecurity, TransportSecurity serverSecurity)
    {
        var ok = status == "ok";
        var password = PerditionLogLines.MayLogPassword(passwordLogging, debug, ok) ? credentials.Password.RevealText() : null;
        var line = PerditionLogLines.Auth(client, local, clientSecurity, credentials.AuthorizationId, credentials.User,
            password, server, protocol.LogName(), serverSecurity, status);
        if (ok)
        {
            logger.Information("{Line:l}", line);
        }
        else
        {
            logger.Warning("{Line:l}", line);
        }
    }

    public void Close(IPEndPoint client, IPEndPoint local, Credentials credentials, long received, long sent) =>
        logger.Information("{Line:l}", PerditionLogLines.Close(client, local, credentials.AuthorizationId, credentials.User, received, sent));

    /// <summary>A connection or login refused by a cluster-wide limit; which key said no, never a password.</summary>
    public void Refused(IPEndPoint client, IPEndPoint local, string limitKey, string? user) =>
        logger.Warning("{Line:l}", PerditionLogLines.Refused(client, local, user, limitKey));

    public void Debug(string messageTemplate, params object?[] values) => logger.Debug(messageTemplate, values);

    /// <summary>Whether debug lines are written: a line per connection is not worth its arguments otherwise.</summary>
    public bool Debugging => logger.IsEnabled(Serilog.Events.LogEventLevel.Debug);
}
