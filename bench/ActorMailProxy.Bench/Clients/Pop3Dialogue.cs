using System.Text;
using ActorMailProxy.Integration.Fixtures.Dovecot;

namespace ActorMailProxy.Bench.Clients;

/// <summary>The few POP3 exchanges the bench needs, on a <see cref="LineSocket"/>; every reply must be +OK.</summary>
public static class Pop3Dialogue
{
    private static readonly byte[] Quit = "QUIT\r\n"u8.ToArray();
    private static readonly byte[] DotLine = "\r\n.\r\n"u8.ToArray();

    /// <summary>USER and PASS of one user, encoded once so a login loop does not re-encode them.</summary>
    public sealed record Login(byte[] User, byte[] Pass)
    {
        public static Login Of(MailUser user) =>
            new(Encoding.UTF8.GetBytes($"USER {user.Name}\r\n"), Encoding.UTF8.GetBytes($"PASS {user.Password}\r\n"));
    }

    public static async ValueTask LogInAsync(LineSocket socket, Login login, CancellationToken ct)
    {
        await ExpectOkAsync(socket, "the greeting", ct);
        await socket.SendAsync(login.User, ct);
        await ExpectOkAsync(socket, "USER", ct);
        await socket.SendAsync(login.Pass, ct);
        await ExpectOkAsync(socket, "PASS", ct);
    }

    /// <summary>QUIT, then wait for the server (or the proxy) to close, as a well-behaved client does.</summary>
    public static async ValueTask QuitAsync(LineSocket socket, CancellationToken ct)
    {
        await socket.SendAsync(Quit, ct);
        await ExpectOkAsync(socket, "QUIT", ct);
        await socket.ReadToEndAsync(ct);
    }

    /// <summary>RETR of one message; its bytes are counted by the socket, not kept.</summary>
    public static async ValueTask RetrieveAsync(LineSocket socket, int message, CancellationToken ct)
    {
        await socket.SendAsync(Encoding.ASCII.GetBytes($"RETR {message}\r\n"), ct);
        await ExpectOkAsync(socket, "RETR", ct);
        await socket.ReadThroughAsync(DotLine, ct);
    }

    private static async ValueTask ExpectOkAsync(LineSocket socket, string after, CancellationToken ct)
    {
        var line = await socket.ReadLineAsync(ct);
        if (!line.Span.StartsWith("+OK"u8))
        {
            throw UnexpectedReplyException.For($"+OK after {after}", line.Span);
        }
    }
}
