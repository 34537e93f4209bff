namespace ActorMailProxy.Audit.ReadModel;

/// <summary><paramref name="Batch"/>: most events indexed in one transaction; <paramref name="BatchWait"/>: how long a batch waits to fill.</summary>
public sealed record AuditIndexSettings(int Batch = 1000, TimeSpan BatchWait = default)
{
    public TimeSpan BatchWaitOrDefault => BatchWait > TimeSpan.Zero ? BatchWait : TimeSpan.FromMilliseconds(200);
}
