using ActorMailProxy.Integration.Cluster;
using ActorMailProxy.Integration.Proxy;

namespace ActorMailProxy.Integration.Audit;

/// <summary>Where a proxy node takes POP3 and IMAP sessions: an in-process proxy or one node of a cluster.</summary>
public sealed record MailEndpoints(string Host, int Pop3Port, int ImapPort)
{
    public static MailEndpoints Of(RunningProxy proxy) => new(proxy.Host, proxy.Pop3Port, proxy.ImapPort);

    public static MailEndpoints Of(ClusterNode node) => new(node.Host, node.Pop3Port, node.ImapPort);
}
