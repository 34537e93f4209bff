using System.Net;
using ActorMailProxy.Audit.PopBeforeSmtp;
using Microsoft.Extensions.Logging.Abstractions;
using ActorMailProxy.Integration.Fixtures.Postfix;

namespace ActorMailProxy.Integration.PopBeforeSmtp;

/// <summary>Our <see cref="PolicyServer"/>, in process, over a <see cref="SettableRecentLogins"/>, and a real Postfix asking it.</summary>
public sealed class PostfixPolicyFixture : IAsyncLifetime
{
    public SettableRecentLogins Table { get; } = new();
    public PolicyServer Server { get; private set; } = null!;
    public PostfixInstance Postfix { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = new PolicyServer(new IPEndPoint(IPAddress.Loopback, 0), Table, NullLogger<PolicyServer>.Instance);
        await Server.StartAsync();
        Postfix = await PostfixInstance.StartAsync(Server.LocalEndpoint, "policy");
    }

    public async Task DisposeAsync()
    {
        if (Postfix is not null)
            await Postfix.DisposeAsync();
        if (Server is not null)
            await Server.DisposeAsync();
    }
}
