namespace ActorMailProxy.Protocols.Backend;

/// <summary>
/// The login dialogue with a real server, as a pure state machine: it is fed every line the backend sends
/// (without CRLF, starting with the greeting) and says what to send back, until it succeeds or fails.
/// </summary>
public interface IBackendLogin
{
    BackendStep OnLine(ReadOnlySpan<byte> line);

    /// <summary>The TLS handshake after a <see cref="BackendStep.StartTls"/> succeeded: what to send first.</summary>
    BackendStep AfterTls();
}
