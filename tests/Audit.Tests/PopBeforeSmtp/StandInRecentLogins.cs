using System.Collections.Concurrent;
using System.Net;
using ActorMailProxy.Audit.PopBeforeSmtp;

namespace ActorMailProxy.Audit.Tests.PopBeforeSmtp;

/// <summary>An <see cref="IRecentLogins"/> that answers as told and records every question.</summary>
internal sealed class StandInRecentLogins(Func<IPAddress, RecentLogin> answer) : IRecentLogins
{
    public ConcurrentQueue<(IPAddress Client, DateTimeOffset Now)> Asked { get; } = new();

    public static StandInRecentLogins Always(RecentLogin answer) => new(_ => answer);

    public static StandInRecentLogins RecentFor(string address) =>
        new(ip => ip.Equals(IPAddress.Parse(address)) ? RecentLogin.Recent : RecentLogin.None);

    public RecentLogin Lookup(IPAddress client, DateTimeOffset now)
    {
        Asked.Enqueue((client, now));
        return answer(client);
    }
}
