using ActorMailProxy.Integration.Fixtures;
using ActorMailProxy.Integration.Fixtures.Dovecot;
using ActorMailProxy.Integration.Fixtures.Raw;
using ActorMailProxy.Integration.Proxy;
namespace ActorMailProxy.Integration.Sessions;

/// <summary>perdition's -t: a logged-in session idle for longer is told "Timeout" in its protocol and closed; traffic keeps it alive.</summary>
[Collection(TwoBackendsCollection.Name)]
public sealed class IdleTimeoutTests(TwoBackendsFixture backends)
{
    private static readonly MailUser Alice = TwoBackendsFixture.Alice;

    [Theory]
    [InlineData("auto")]
    [InlineData("copy")]
    public async Task Idle_session_is_closed_after_the_timeout_with_a_bye(string pump)
    {
        await using var proxy = await RunningProxy.With($"mailproxy.pump = {pump}").InFrontOfAsync(backends.Alpha, "-t", "2");
        Assert.Contains($"sessions move by {(pump == "auto" ? "splice" : "copy")}", await proxy.WaitForLogAsync("sessions move by"));
        await using var c = await RawLineClient.ConnectAsync(proxy.Host, proxy.ImapPort);
        await c.ReadLineAsync();
        await c.SendAsync($"a LOGIN {Alice.Name} {Alice.Password}\r\n");
        Assert.StartsWith("a OK", await c.ReadLineAsync());
        for (var i = 0; i < 3; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            await c.SendAsync($"n{i} NOOP\r\n");
            Assert.StartsWith($"n{i} OK", await c.ReadLineAsync());
        }
        Assert.Equal("* BYE Timeout", await c.ReadLineAsync(TimeSpan.FromSeconds(15)));
        Assert.True(await c.ServerClosedAsync());
        Assert.Contains("authentication_id=\"alice\" received=", await proxy.WaitForLogAsync("received="));
    }
}
