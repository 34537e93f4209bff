using ActorMailProxy.Integration.Fixtures.Dovecot;
using ActorMailProxy.Integration.Fixtures.Raw;
namespace ActorMailProxy.Integration.Audit;

/// <summary>A POP3 login (USER/PASS, then QUIT) from a chosen loopback address, as a POP-before-SMTP client makes one.</summary>
public static class Pop3LoginFrom
{
    /// <summary>Whether the proxy said +OK to the password.</summary>
    public static async Task<bool> RunAsync(string from, string host, int port, MailUser user, string password)
    {
        await using var client = await RawLineClient.ConnectFromAsync(from, host, port);
        Assert.StartsWith("+OK", await client.ReadLineAsync());
        await client.SendAsync($"USER {user.Name}\r\n");
        Assert.StartsWith("+OK", await client.ReadLineAsync());
        await client.SendAsync($"PASS {password}\r\n");
        var answer = await client.ReadLineAsync();
        await client.SendAsync("QUIT\r\n");
        await client.ReadLineAsync();
        return answer?.StartsWith("+OK") == true;
    }

    /// <summary>A login that stays open (for --connect_relog): the client, logged in.</summary>
    public static async Task<RawLineClient> OpenAsync(string from, string host, int port, MailUser user)
    {
        var client = await RawLineClient.ConnectFromAsync(from, host, port);
        Assert.StartsWith("+OK", await client.ReadLineAsync());
        await client.SendAsync($"USER {user.Name}\r\n");
        Assert.StartsWith("+OK", await client.ReadLineAsync());
        await client.SendAsync($"PASS {user.Password}\r\n");
        Assert.StartsWith("+OK", await client.ReadLineAsync());
        return client;
    }
}
