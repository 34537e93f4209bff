using System.Net;
using ActorMailProxy.Audit.Delivery;
using ActorMailProxy.Audit.Events;
using ActorMailProxy.Protocols;

namespace ActorMailProxy.Gateway.Connections;

/// <summary>
/// One connection's audit events: it keeps what is known about the session (TLS, users, backend) and stamps each event
/// with a new id, the node and the time. Recording writes a line to the node's spool and sends a message to its publisher:
/// it never waits for the log and never throws.
/// </summary>
internal sealed class ConnectionAudit(IAuditTrail trail, IPEndPoint client, IPEndPoint local, MailProtocol protocol)
{
    private readonly DateTimeOffset _accepted = DateTimeOffset.UtcNow;
    private AuditSession _session = AuditSession.Accepted(client, local, protocol.LogName());
    private bool _closed;

    public void Opened() => trail.Record(new ConnectionOpened(AuditEvent.NewId(), trail.Node, DateTimeOffset.UtcNow, _session));

    public void ClientTls(TransportSecurity security) => _session = _session with { ClientTls = security };

    public void Refused(string limit, string? user)
    {
        _session = _session with { User = user ?? _session.User };
        trail.Record(new ConnectionRefused(AuditEvent.NewId(), trail.Node, DateTimeOffset.UtcNow, _session, limit));
    }

    public void LoginSucceeded(Credentials credentials, string mappedUser, string backend, TransportSecurity backendSecurity)
    {
        _session = Attempted(credentials, mappedUser, backend) with { ServerTls = backendSecurity };
        trail.Record(new LoginSucceeded(AuditEvent.NewId(), trail.Node, DateTimeOffset.UtcNow, _session));
    }

    /// <summary>The session logged in earlier is still open: its address keeps its POP-before-SMTP permission.</summary>
    public void Relogged() => trail.Record(new SessionRelogged(AuditEvent.NewId(), trail.Node, DateTimeOffset.UtcNow, _session));

    public void LoginFailed(Credentials credentials, string mappedUser, string backend, LoginFailure failure, string detail)
    {
        var attempt = Attempted(credentials, mappedUser, backend);
        trail.Record(new LoginFailed(AuditEvent.NewId(), trail.Node, DateTimeOffset.UtcNow, attempt, Class(failure), detail));
    }

    /// <summary>The last event of the connection, whichever way it ended; only the first call records.</summary>
    public void Closed(long fromClient, long toClient, string reason)
    {
        if (_closed)
        {
            return;
        }
        _closed = true;
        var now = DateTimeOffset.UtcNow;
        trail.Record(new ConnectionClosed(AuditEvent.NewId(), trail.Node, now, _session, fromClient, toClient, now - _accepted, reason));
    }

    private AuditSession Attempted(Credentials credentials, string mappedUser, string backend) => _session with
    {
        User = credentials.User,
        MappedUser = mappedUser.Length > 0 ? mappedUser : null,
        Backend = backend.Length > 0 ? backend : null,
    };

    private static LoginFailureClass Class(LoginFailure failure) => failure switch
    {
        LoginFailure.Rejected => LoginFailureClass.Rejected,
        LoginFailure.Unavailable => LoginFailureClass.Unavailable,
        LoginFailure.LimitReached => LoginFailureClass.LimitReached,
        _ => LoginFailureClass.Refused,
    };
}
