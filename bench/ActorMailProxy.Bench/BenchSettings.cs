using ActorMailProxy.Bench.Clients;
using ActorMailProxy.Bench.Measurements;

namespace ActorMailProxy.Bench;

/// <summary>How long and how much each measurement runs; the defaults keep a whole run, four plaintext and four TLS targets, near ten minutes on two cores.</summary>
public sealed record BenchSettings
{
    /// <summary>
    /// Logins per protocol on every .NET target before anything is measured: under load on two cores .NET's tiered JIT keeps
    /// recompiling the proxy's hot paths for about 20 s, a cost a long-running proxy pays once and a measurement should not.
    /// </summary>
    public TimeSpan TargetWarmUp { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The same for the compiled servers (Dovecot, perdition, nginx): only their first processes and connections to get going.</summary>
    public TimeSpan NativeTargetWarmUp { get; init; } = TimeSpan.FromSeconds(2);

    public IReadOnlyList<int> LoginClients { get; init; } = [8, 32];

    /// <summary>Every login measurement runs this many times over all targets in turn, and the turns add up.</summary>
    public int LoginTurns { get; init; } = 2;

    /// <summary>The same over TLS: one turn, so that a second set of four targets fits the run's ten minutes.</summary>
    public int TlsLoginTurns { get; init; } = 1;

    public TimeSpan LoginWarmUp { get; init; } = TimeSpan.FromSeconds(1.5);
    public TimeSpan LoginMeasured { get; init; } = TimeSpan.FromSeconds(5);
    public int TransferWarmUps { get; init; } = 3;
    public int TransferRuns { get; init; } = 25;
    public int NoopWarmUps { get; init; } = 1_000;
    public int Noops { get; init; } = 10_000;
    public int IdleConnections { get; init; } = 1_000;

    /// <summary>What the run measures (<c>--only</c>): all of them unless told otherwise.</summary>
    public IReadOnlySet<Measurement> Measurements { get; init; } = new HashSet<Measurement>(Enum.GetValues<Measurement>());

    /// <summary>
    /// Whether every target first serves logins unmeasured (<see cref="TargetWarmUp"/>); <c>--no-warm-up</c> turns it off,
    /// e.g. to see a target's memory with no login storm behind it.
    /// </summary>
    public bool WarmUp { get; init; } = true;

    public bool Measures(Measurement measurement) => Measurements.Contains(measurement);

    /// <summary>Whether some measurement is left out (<c>--only</c>): then the report is not the run's whole one.</summary>
    public bool Partial => Measurements.Count < Enum.GetValues<Measurement>().Length;

    public int LoginTurnsOf(Transport transport) => transport == Transport.Tls ? TlsLoginTurns : LoginTurns;

    /// <summary>A smoke run of the whole pipeline in about three minutes; its numbers are not worth reporting.</summary>
    public static BenchSettings Quick { get; } = new()
    {
        TargetWarmUp = TimeSpan.FromSeconds(1),
        NativeTargetWarmUp = TimeSpan.FromSeconds(0.5),
        LoginTurns = 1,
        LoginWarmUp = TimeSpan.FromSeconds(0.5),
        LoginMeasured = TimeSpan.FromSeconds(1.5),
        TransferWarmUps = 1,
        TransferRuns = 5,
        NoopWarmUps = 200,
        Noops = 5_000,
        IdleConnections = 100,
    };
}
