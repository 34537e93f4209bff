using System.Net;
using ActorMailProxy.Audit.PopBeforeSmtp;

namespace ActorMailProxy.Integration.PopBeforeSmtp;

/// <summary>A POP-before-SMTP table a test steers: it says <see cref="Answer"/> for <see cref="Client"/> and None for anyone else.</summary>
public sealed class SettableRecentLogins : IRecentLogins
{
    public const string ClientAddress = "127.0.0.2";
    public static readonly IPAddress Client = IPAddress.Parse(ClientAddress);

    private int _answer = (int)RecentLogin.None;
    private int _lookups;

    public RecentLogin Answer
    {
        get => (RecentLogin)Volatile.Read(ref _answer);
        set => Volatile.Write(ref _answer, (int)value);
    }

    public int Lookups => Volatile.Read(ref _lookups);

    public RecentLogin Lookup(IPAddress client, DateTimeOffset now)
    {
        Interlocked.Increment(ref _lookups);
        return client.Equals(Client) ? Answer : RecentLogin.None;
    }
}
