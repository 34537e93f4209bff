namespace ActorMailProxy.Protocols;

/// <summary>
/// The pre-login half of one client connection in one protocol: it reads commands from an <see cref="InputBuffer"/>
/// and answers with actions. It never touches a socket, a clock or an actor; the connection does.
/// </summary>
public interface IClientSession
{
    MailProtocol Protocol { get; }

    byte[] Greeting { get; }

    /// <summary>Handles every complete command in <paramref name="input"/>; stops after a Login, StartTls or Close action, leaving the rest unread.</summary>
    IReadOnlyList<SessionAction> Process(InputBuffer input);

    /// <summary>The TLS handshake the session asked for succeeded: what to send now (ManageSieve repeats its capabilities).</summary>
    IReadOnlyList<SessionAction> TlsEstablished();

    /// <summary>The login asked for failed: the error reply, and a Close if too many logins failed.</summary>
    IReadOnlyList<SessionAction> LoginFailed(LoginFailure failure);

    /// <summary>The login succeeded: the bytes the client sees before the byte pump takes over.</summary>
    byte[] LoginSucceeded(BackendWelcome welcome);
}
