using ActorMailProxy.Bench.Clients;

namespace ActorMailProxy.Bench.Measurements;

/// <summary>
/// The targets of one transport and what was measured of each; <see cref="Baseline"/> (straight to Dovecot over the
/// same transport) is what their ratios divide by, as a TLS proxy is only fairly compared with TLS to Dovecot.
/// </summary>
public sealed record SuiteResults(Transport Transport, string Baseline, IReadOnlyList<TargetResults> Targets);
