using ActorMailProxy.Bench.Clients;

namespace ActorMailProxy.Bench.Targets;

/// <summary>Where the bench's clients connect for one way of reaching Dovecot, and which processes that way costs.</summary>
public interface ITarget : IAsyncDisposable
{
    string Name { get; }

    MailEndpoint Endpoint(MailService service);

    /// <summary>The processes whose memory and CPU are this target's cost; empty when nothing stands between client and Dovecot.</summary>
    IReadOnlyList<int> ProcessIds { get; }

    /// <summary>Whether its hot paths are compiled while it runs (.NET's tiered JIT), so that it needs a long warm-up before it is measured.</summary>
    bool JitCompiled { get; }

    /// <summary>
    /// Brings the target's memory to a state two readings compare fairly in: a full GC for .NET, nothing for the C servers,
    /// which free as they go. Returns the bytes of live .NET objects after it, or null for a target that has none.
    /// </summary>
    Task<long?> SettleMemoryAsync();
}
