namespace ActorMailProxy.Protocols.Backend;

/// <summary>What a backend login dialogue wants next after a line from the backend.</summary>
public abstract record BackendStep
{
    private BackendStep() { }

    /// <summary>Send these bytes to the backend, then wait for its next line. They may hold the credentials: never log them.</summary>
    public sealed record Send(byte[] Bytes) : BackendStep
    {
        public override string ToString() => $"Send {{ {Bytes.Length} bytes }}";
    }

    /// <summary>Nothing to send; wait for the next line.</summary>
    public sealed record Wait : BackendStep
    {
        public static readonly Wait Instance = new();
    }

    /// <summary>
    /// The backend agreed to STARTTLS: run the TLS handshake now. Whatever it sent after its OK in plaintext is
    /// discarded (it could be forged); then ask <see cref="IBackendLogin.AfterTls"/> how to go on.
    /// </summary>
    public sealed record StartTls : BackendStep
    {
        public static readonly StartTls Instance = new();
    }

    public sealed record Succeeded(BackendWelcome Welcome) : BackendStep;

    /// <summary>The login is over without success; <paramref name="LogReason"/> is for our log only.</summary>
    public sealed record Failed(LoginFailure Failure, string LogReason) : BackendStep;
}
