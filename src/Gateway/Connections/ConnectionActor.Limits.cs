using ActorMailProxy.Gateway.Backend;
using ActorMailProxy.Gateway.Limits;
using ActorMailProxy.Protocols;

namespace ActorMailProxy.Gateway.Connections;

/// <summary>The cluster-wide limits' part of a connection: admission before the greeting, the user's place after the backend login.</summary>
public sealed partial class ConnectionActor
{
    /// <summary>Waiting for the cluster-wide limits to admit the connection: nothing is read from the client yet.</summary>
    private void Admitting()
    {
        ReceiveAsync<ConnectionAdmission>(async m => await OnAdmissionAsync(m.Refusal));
        Receive<LoginTimedOut>(_ => Finish("login time over while waiting for admission"));
        Receive<Shutdown>(_ => Finish("shutting down while waiting for admission"));
        Receive<Abort>(_ => Finish("aborted"));
    }

    /// <summary>The backend accepted the login; the per-user limit decides whether the session may start.</summary>
    private void AdmittingUser()
    {
        ReceiveAsync<UserAdmission>(async m => await OnUserAdmissionAsync(m));
        Receive<LoginTimedOut>(_ => _byeAfterFailedLogin ??= "Disconnected for inactivity.");
        Receive<Shutdown>(_ => _byeAfterFailedLogin = "Server shutting down.");
        Receive<Abort>(_ => Finish("aborted"));
    }

    private async Task OnAdmissionAsync(LimitRefusal? refusal)
    {
        Become(NotLoggedIn);
        if (refusal is null)
        {
            await GreetAsync();
            return;
        }
        _context.Log.Refused(_client, _local, refusal.Key, null);
        _audit.Refused(refusal.Key, null);
        _refusal = refusal.Text;
        if (_context.Session.Tls == ClientTls.Implicit)
        {
            // The client expects TLS first: the refusal is said inside it, bounded by the handshake timeout.
            BeginTls();
            return;
        }
        await LimitByeAsync();
    }

    private async Task LimitByeAsync()
    {
        await TryWriteAsync(ClientSessions.LimitBye(_context.Protocol, _refusal!));
        Finish($"refused: {_refusal}");
    }

    private async Task OnUserAdmissionAsync(UserAdmission admission)
    {
        if (admission.Refusal is { } refusal)
        {
            // The real server said yes, but the user has all the sessions allowed: that login is closed unused.
            ((BackendLoginResult.LoggedIn)admission.Done.Result).Connection.Dispose();
            _context.Log.Refused(_client, _local, refusal.Key, _credentials!.User);
            _audit.Refused(refusal.Key, _credentials.User);
            await OnLoginFailedAsync(admission.Done, new LoginFailure.LimitReached(refusal.Text), $"limit {refusal.Key}");
            return;
        }
        await OnLoggedInAsync(admission.Done);
    }
}
