using System.Text;
using ActorMailProxy.Routing.Limits;

namespace ActorMailProxy.Gateway.Operator;

/// <summary>A node's reply as text for the operator, and the exit code it means.</summary>
public static class AdminOutput
{
    public static (string Text, int ExitCode) Render(object reply) => reply switch
    {
        UserFlushed m => UserFlushedText(m),
        AllFlushed m => (AllFlushedText(m), m.Complete ? 0 : 1),
        ClusterStatusReport m => (ClusterStatusTable.Render(m), 0),
        LimitStatus m => (LimitText(m), m.Silent.Count == 0 ? 0 : 1),
        LastLoginReport m => LastLoginText(m),
        AdminFailure m => ($"actormailproxy: {m.Reason}\n", 1),
        _ => ($"actormailproxy: unexpected reply {reply.GetType().Name}\n", 1),
    };

    /// <summary>Exit 1 when no login is known, so scripts can tell "never" from "found".</summary>
    private static (string Text, int ExitCode) LastLoginText(LastLoginReport report)
    {
        var asked = NodeName.Of(report.AnsweredBy);
        if (report.Login is not { } login)
        {
            var reading = report.CaughtUp ? "" : " yet (it is still reading the journal)";
            return ($"No successful login of \"{report.User}\" in the audit log{(reading.Length > 0 ? reading : "")}, as seen by {asked}\n", 1);
        }
        var when = login.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        return ($"{login.User}: last logged in {when} from {login.Client} through {login.Node} to {login.Backend ?? "-"} ({login.Protocol}), as seen by {asked}\n", 0);
    }

    /// <summary>The key's total, then each member's part: in use, its share now, borrowed and lent.</summary>
    private static string LimitText(LimitStatus status)
    {
        var text = new StringBuilder($"{status.Key}: {status.Held} held of {status.Limit}\n");
        foreach (var (node, share) in status.Nodes.OrderBy(n => n.Node, StringComparer.Ordinal))
        {
            text.AppendLine($"  {NodeName.Of(node.Split('#')[0])}  {share.Used} held, share {share.Share}, borrowed {share.Borrowed}, lent {share.Lent}");
        }
        foreach (var node in status.Silent)
        {
            text.AppendLine($"  {NodeName.Of(node.Split('#')[0])}  no answer");
        }
        return text.ToString();
    }

    /// <summary>Exit 1 when a member did not confirm: it may still serve the old answer until it expires.</summary>
    private static (string Text, int ExitCode) UserFlushedText(UserFlushed flushed)
    {
        var done = $"Dropped the cached user-map answer for \"{flushed.Key}\"; the next login asks the map (done by {NodeName.Of(flushed.Node)}).\n";
        if (flushed.Complete)
        {
            return (done, 0);
        }
        var text = new StringBuilder(done)
            .AppendLine($"Not every node answered; these may serve their cached answer for \"{flushed.Key}\" until it expires:");
        foreach (var node in flushed.Silent)
        {
            text.AppendLine($"  {NodeName.Of(node)}  no answer");
        }
        return (text.ToString(), 1);
    }

    private static string AllFlushedText(AllFlushed flushed)
    {
        var total = flushed.Answered.Count + flushed.Silent.Count;
        var text = new StringBuilder(flushed.Complete
            ? $"Every node dropped its cached user-map answers ({flushed.Answered.Count} of {total} up members answered):\n"
            : $"Not every node answered ({flushed.Answered.Count} of {total} up members); the others may serve cached answers until they expire:\n");
        foreach (var node in flushed.Answered)
        {
            text.AppendLine($"  {NodeName.Of(node)}  flushed");
        }
        foreach (var node in flushed.Silent)
        {
            text.AppendLine($"  {NodeName.Of(node)}  no answer");
        }
        return text.ToString();
    }
}
