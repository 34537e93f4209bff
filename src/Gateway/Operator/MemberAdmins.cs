using Akka.Actor;

namespace ActorMailProxy.Gateway.Operator;

/// <summary>The admin actors of the cluster's members, asked by address with one bounded wait for all.</summary>
internal sealed class MemberAdmins(ActorSystem system, TimeSpan timeout)
{
    public static ActorPath PathOf(Address node) => new RootActorPath(node) / "user" / AdminActor.Name;

    /// <summary>Asks every node at once; the result holds the nodes that answered within the timeout.</summary>
    public async Task<IReadOnlyDictionary<Address, T>> AskEachAsync<T>(IEnumerable<Address> nodes, object message)
        where T : class
    {
        var replies = await Task.WhenAll(nodes.Select(async node => (Node: node, Reply: await AskAsync<T>(node, message))));
        return replies.Where(r => r.Reply is not null).ToDictionary(r => r.Node, r => r.Reply!);
    }

    private async Task<T?> AskAsync<T>(Address node, object message)
        where T : class
    {
        try
        {
            return await system.ActorSelection(PathOf(node)).Ask<T>(message, timeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AskTimeoutException or InvalidCastException)
        {
            return null;
        }
    }
}
