namespace ActorMailProxy.Protocols.Pop3;

/// <summary>Where a POP3 client is in the AUTHORIZATION state; <paramref name="Secure"/> once TLS is up.</summary>
public sealed record Pop3LoginState(string? User, int BadCommands, int LoginFailures, bool AwaitingSaslResponse, bool Secure)
{
    public static readonly Pop3LoginState Initial = new(null, 0, 0, false, false);

    public static Pop3LoginState For(SessionOptions o) => Initial with { Secure = o.Tls == ClientTls.Implicit };
}
