using ActorMailProxy.Audit.Events;

namespace ActorMailProxy.Audit.Projections;

/// <summary>
/// The cluster's events as lines, one per event as it is stored, written by the node it runs on to a file (appended)
/// or to stdout. Only events stored after the node caught up with the journal are written: a restarted node does not
/// repeat the history its feed already wrote (<c>actormailproxy audit tail</c> and <c>query</c> read that).
/// </summary>
public sealed class AuditFeed(TextWriter writer, Func<AuditEvent, string> line) : IAuditProjection, IDisposable
{
    private readonly object _gate = new();

    public void Apply(AuditEvent e, bool live)
    {
        if (!live)
        {
            return;
        }
        lock (_gate)
        {
            writer.WriteLine(line(e));
            writer.Flush();
        }
    }

    public void CaughtUp(DateTimeOffset now) { }

    /// <summary>A feed to <paramref name="path"/>, appended to (created 0600: its lines name users), or to stdout for <c>-</c>.</summary>
    public static AuditFeed Open(string path, Func<AuditEvent, string> line) =>
        path == "-"
            ? new AuditFeed(Console.Out, line)
            : new AuditFeed(new StreamWriter(OwnerOnly.Open(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)), line);

    public void Dispose()
    {
        lock (_gate)
        {
            if (!ReferenceEquals(writer, Console.Out))
            {
                writer.Dispose();
            }
        }
    }
}
