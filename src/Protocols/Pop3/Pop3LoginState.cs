namespace ActorMailProxy.Protocols.Pop3;

/// <summary>Where a POP3 client is in the AUTHORIZATION state.</summary>
public sealed record Pop3LoginState(string? User, int BadCommands, int LoginFailures, bool AwaitingSaslResponse)
{
    public static readonly Pop3LoginState Initial = new(null, 0, 0, false);
}
