using ActorMailProxy.Integration.Fixtures.Dovecot;

namespace ActorMailProxy.Bench.Clients;

/// <summary>One whole client visit, the unit the login rate counts: connect, greeting, login, logout, close.</summary>
public static class LoginCycle
{
    // Login dialogues are a few short lines.
    private const int BufferSize = 4096;

    /// <summary>A visit of <paramref name="user"/>, with its commands encoded once for the many times it runs.</summary>
    public static Func<CancellationToken, Task> For(MailService service, MailEndpoint endpoint, MailUser user) => service switch
    {
        MailService.Pop3 => Pop3(endpoint, Pop3Dialogue.Login.Of(user)),
        MailService.Imap => Imap(endpoint, ImapDialogue.Command.LogIn(user)),
        _ => throw new ArgumentOutOfRangeException(nameof(service), service, null),
    };

    private static Func<CancellationToken, Task> Pop3(MailEndpoint endpoint, Pop3Dialogue.Login login) => async ct =>
    {
        using var socket = await LineSocket.ConnectAsync(endpoint, BufferSize, ct);
        await Pop3Dialogue.LogInAsync(socket, login, ct);
        await Pop3Dialogue.QuitAsync(socket, ct);
    };

    private static Func<CancellationToken, Task> Imap(MailEndpoint endpoint, ImapDialogue.Command login) => async ct =>
    {
        using var socket = await LineSocket.ConnectAsync(endpoint, BufferSize, ct);
        await ImapDialogue.LogInAsync(socket, login, ct);
        await ImapDialogue.LogOutAsync(socket, ct);
    };
}
