namespace ActorMailProxy.Protocols.Sieve;

/// <summary>Where a ManageSieve client is before AUTHENTICATE succeeds; <paramref name="Secure"/> once TLS is up.</summary>
public sealed record SieveLoginState(int BadCommands, int LoginFailures, bool AwaitingSaslResponse, bool Secure)
{
    public static readonly SieveLoginState Initial = new(0, 0, false, false);

    public static SieveLoginState For(SessionOptions o) => Initial with { Secure = o.Tls == ClientTls.Implicit };
}
