namespace ActorMailProxy.Protocols;

/// <summary>What a client session asks its connection to do; the connection carries it out.</summary>
public abstract record SessionAction
{
    private SessionAction() { }

    /// <summary>Send these bytes to the client.</summary>
    public sealed record Reply(byte[] Bytes) : SessionAction
    {
        public override string ToString() => $"Reply {{ {Ascii.Printable(Bytes)} }}";
    }

    /// <summary>Find the user's server and log in there; the session reads nothing more until told the outcome.</summary>
    public sealed record Login(Credentials Credentials) : SessionAction;

    /// <summary>
    /// Start a TLS handshake on the client side, after the reply before it has been sent. The session has read nothing
    /// past the STARTTLS command: nothing sent in plaintext after it can be taken for a command.
    /// </summary>
    public sealed record StartTls : SessionAction;

    /// <summary>Close the connection after sending what came before.</summary>
    public sealed record Close(string Reason) : SessionAction;
}
