namespace ActorMailProxy.Audit.Delivery;

/// <summary>
/// The node's audit spool is locked by another running process: the node does not start. The message is the one line
/// the operator reads, naming the option that gives each process its own.
/// </summary>
public sealed class SpoolHeldException(string directory)
    : InvalidOperationException($"the audit spool {directory} is in use by another process; give each process its own with --audit_spool DIR")
{
    public string Directory { get; } = directory;
}
