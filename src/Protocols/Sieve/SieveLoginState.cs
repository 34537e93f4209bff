namespace ActorMailProxy.Protocols.Sieve;

/// <summary>Where a ManageSieve client is before AUTHENTICATE succeeds.</summary>
public sealed record SieveLoginState(int BadCommands, int LoginFailures, bool AwaitingSaslResponse)
{
    public static readonly SieveLoginState Initial = new(0, 0, false);
}
