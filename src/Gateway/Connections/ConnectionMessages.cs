using System.Net.Security;
using ActorMailProxy.Gateway.Backend;
using ActorMailProxy.Routing.Limits;

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

/// <summary>The limits' answer, with the places it holds: the actor keeps them before the machine hears of it.</summary>
internal sealed record AdmissionDone(AdmissionRequest Request, Admission Admission);

/// <summary>The client's TLS stream, which the actor takes before the machine hears of it.</summary>
internal sealed record TlsDone(SslStream Stream);

/// <summary>The backend login's outcome, with the backend connection when it succeeded.</summary>
internal sealed record LoginDone(BackendLoginResult Result);

/// <summary>A write that did not complete at once has now.</summary>
internal sealed record Written
{
    public static readonly Written Instance = new();
}

internal sealed record WriteFaulted(string Reason);

internal sealed record WriteTimedOut
{
    public static readonly WriteTimedOut Instance = new();
}

/// <summary>The idle timer: the actor reads the pump's activity clock and tells the machine how long it was idle.</summary>
internal sealed record IdleCheck
{
    public static readonly IdleCheck Instance = new();
}
