namespace ActorMailProxy.Bench.Targets;

/// <summary>A target that cannot run here (not installed, not built, failed to start); the report says why instead of a number.</summary>
public sealed class TargetUnavailableException(string message) : Exception(message);
