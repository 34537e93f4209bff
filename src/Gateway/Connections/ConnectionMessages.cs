using ActorMailProxy.Gateway.Backend;
using ActorMailProxy.Gateway.Pump;

namespace ActorMailProxy.Gateway.Connections;

/// <summary>Sent to every connection when the node stops: sessions not logged in are told goodbye, logged-in ones may finish.</summary>
public sealed record Shutdown
{
    public static readonly Shutdown Instance = new();
}

/// <summary>Sent when the shutdown grace has run out: close whatever is still open.</summary>
public sealed record Abort
{
    public static readonly Abort Instance = new();
}

internal sealed record Start;

internal sealed record ClientRead(int Count);

internal sealed record ClientReadFailed(string Reason);

internal sealed record BackendDone(BackendLoginResult Result, string Server);

internal sealed record PumpDone(PumpResult Result);

internal sealed record TlsUp(System.Net.Security.SslStream Stream);

internal sealed record TlsFailed(string Reason);

internal sealed record LoginTimedOut;

internal sealed record IdleCheck;
