using System.Text;
using ActorMailProxy.Audit.Events;
using ActorMailProxy.Audit.LogLines;

namespace ActorMailProxy.Gateway.Operator;

/// <summary>
/// Writes events to standard output, one line each, buffered; <see cref="Print"/> says false once the reader went
/// away (<c>| head</c>), which ends the command quietly rather than as a journal error.
/// </summary>
internal sealed class AuditPrinter(TextWriter output, bool json)
{
    public static AuditPrinter ToStandardOutput(bool json) =>
        new(new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 64 * 1024) { AutoFlush = false }, json);

    public bool Print(AuditEvent e) => Guarded(() => output.WriteLine(json ? AuditEventLines.Json(e) : AuditEventLines.Perdition(e)));

    public bool Flush() => Guarded(output.Flush);

    private static bool Guarded(Action write)
    {
        try
        {
            write();
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
