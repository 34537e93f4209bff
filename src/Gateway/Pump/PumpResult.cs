namespace ActorMailProxy.Gateway.Pump;

/// <summary>How a pumped session ended and how many bytes went each way.</summary>
public sealed record PumpResult(long FromClient, long ToClient, PumpEnd End);

public enum PumpEnd
{
    /// <summary>Both sides closed their sending halves in turn.</summary>
    Closed,

    /// <summary>The client went away first (reset, or closed while the backend was still talking).</summary>
    ClientError,

    /// <summary>The backend went away abruptly.</summary>
    BackendError,

    /// <summary>Stopped from outside: idle timeout or shutdown.</summary>
    Cancelled,
}
