using System.Net;
using ActorMailProxy.Bench.Backend;
using ActorMailProxy.Bench.Clients;

namespace ActorMailProxy.Bench.Targets;

/// <summary>Straight to Dovecot: the baseline every proxy is divided by.</summary>
public sealed class DirectTarget(BenchBackend backend) : ITarget
{
    public const string Label = "direct";

    public string Name => Label;

    public Task SettleMemoryAsync() => Task.CompletedTask;

    public IPEndPoint Endpoint(MailService service) => backend.Endpoint(service);

    public IReadOnlyList<int> ProcessIds => [];

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
