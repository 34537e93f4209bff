using ActorMailProxy.Bench.Backend;
using ActorMailProxy.Bench.Clients;

namespace ActorMailProxy.Bench.Targets;

/// <summary>Straight to Dovecot, on its plaintext or its implicit-TLS ports: the baseline every proxy of that transport is divided by.</summary>
public sealed class DirectTarget(BenchBackend backend, Transport transport) : ITarget
{
    public const string Label = "direct";
    public const string TlsLabel = "direct TLS";

    public string Name => transport == Transport.Tls ? TlsLabel : Label;

    public bool JitCompiled => false;

    public Task<long?> SettleMemoryAsync() => Task.FromResult<long?>(null);

    public MailEndpoint Endpoint(MailService service) => backend.Endpoint(service, transport);

    public IReadOnlyList<int> ProcessIds => [];

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
