namespace ActorMailProxy.Bench;

/// <summary>
/// Ways to look into the ActorMailProxy targets of the main run while it measures, for finding out why a figure moved;
/// a run for the report uses neither.
/// </summary>
/// <param name="ProxyConfig">
/// <c>--proxy-config FILE</c>: HOCON read over the bench's own settings by every ActorMailProxy target (e.g.
/// <c>mailproxy.audit.buffer = 100</c>), to see what a setting does to a measurement; null for none.
/// </param>
/// <param name="GcDumps">
/// <c>--gcdump DIR</c>: at each idle-memory reading, the target's <c>cluster status</c> (its audit events waiting) and a
/// heap snapshot by dotnet-gcdump into DIR, to name the types that grew; null for none.
/// </param>
/// <param name="NoBacklogWait">
/// <c>--no-backlog-wait</c>: read ActorMailProxy's memory without first waiting for its audit backlog to be stored (the
/// GCs still run), to see what a backlog being stored does to the figure.
/// </param>
public sealed record BenchDiagnostics(string? ProxyConfig = null, string? GcDumps = null, bool NoBacklogWait = false);
