namespace ActorMailProxy.Routing.Limits;

/// <summary>The limits' answer to one <see cref="AdmissionRequest"/>.</summary>
public abstract record Admission
{
    private Admission() { }

    /// <summary>Admitted under no limit at all: nothing was taken, nothing is given back.</summary>
    public static readonly Admitted Unlimited = new(NoPlaces.Instance);

    /// <summary>Admitted; disposing <paramref name="Places"/> gives back what this request took (the connection's end gives back everything anyway).</summary>
    public sealed record Admitted(IDisposable Places) : Admission;

    public sealed record Refused(LimitRefusal Refusal) : Admission;

    private sealed class NoPlaces : IDisposable
    {
        public static readonly NoPlaces Instance = new();

        public void Dispose()
        {
        }
    }
}
