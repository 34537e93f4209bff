using System.Text;

namespace ActorMailProxy.Gateway.Admin;

/// <summary>A node's reply as text for the operator, and the exit code it means.</summary>
public static class AdminOutput
{
    public static (string Text, int ExitCode) Render(object reply) => reply switch
    {
        UserFlushed m => ($"Dropped the cached user-map answer for \"{m.Key}\"; the next login asks the map (done by {NodeName.Of(m.Node)}).\n", 0),
        AllFlushed m => (AllFlushedText(m), m.Complete ? 0 : 1),
        ClusterStatusReport m => (ClusterStatusTable.Render(m), 0),
        Limits.LimitStatus m => ($"{m.Key}: {m.Held} held, kept on {NodeName.Of(m.KeeperNode.Split('#')[0])}\n", 0),
        AdminFailure m => ($"actormailproxy: {m.Reason}\n", 1),
        _ => ($"actormailproxy: unexpected reply {reply.GetType().Name}\n", 1),
    };

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
