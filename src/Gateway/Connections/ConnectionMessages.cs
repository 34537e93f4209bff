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

/// <summary><paramref name="LoginUser"/>: the user name the backend was given (after the map's rules), "" when none was.</summary>
internal sealed record BackendDone(BackendLoginResult Result, string Server, string LoginUser = "");

/// <summary>The cluster-wide limits' answer for a new connection; null: admitted.</summary>
internal sealed record ConnectionAdmission(Limits.LimitRefusal? Refusal);

/// <summary>The per-user limit's answer after the backend accepted the login.</summary>
internal sealed record UserAdmission(Limits.LimitRefusal? Refusal, BackendDone Done);

internal sealed record PumpDone(PumpResult Result);

internal sealed record TlsUp(System.Net.Security.SslStream Stream);

internal sealed record TlsFailed(string Reason);

internal sealed record LoginTimedOut;

internal sealed record IdleCheck;

/// <summary>Time to record a logged-in session's login again (--connect_relog).</summary>
internal sealed record Relog;
