using System.Buffers.Text;
using System.Text;
using ActorMailProxy.Integration.Fixtures.Dovecot;

namespace ActorMailProxy.Bench.Clients;

/// <summary>
/// The few IMAP exchanges the bench needs, on a <see cref="LineSocket"/>: a command runs until its tagged reply,
/// which must be OK; literals in untagged replies are skipped by their announced size, not scanned.
/// </summary>
public static class ImapDialogue
{
    private static readonly byte[] Logout = "z LOGOUT\r\n"u8.ToArray();

    /// <summary>A tagged command, encoded once so a loop does not re-encode it.</summary>
    public sealed record Command(byte[] Tag, byte[] Bytes)
    {
        public static Command Of(string tag, string text) => new(Encoding.ASCII.GetBytes(tag + " "), Encoding.UTF8.GetBytes($"{tag} {text}\r\n"));

        // The bench's passwords are atoms; quoting keeps any other password correct.
        public static Command LogIn(MailUser user) => Of("a", $"LOGIN {Quote(user.Name)} {Quote(user.Password)}");

        private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
    }

    public static async ValueTask ExpectGreetingAsync(LineSocket socket, CancellationToken ct)
    {
        var line = await socket.ReadLineAsync(ct);
        if (!line.Span.StartsWith("* OK"u8))
        {
            throw UnexpectedReplyException.For("an IMAP greeting", line.Span);
        }
    }

    public static async ValueTask LogInAsync(LineSocket socket, Command login, CancellationToken ct)
    {
        await ExpectGreetingAsync(socket, ct);
        await RunAsync(socket, login, ct);
    }

    /// <summary>LOGOUT, then wait for the server (or the proxy) to close, as a well-behaved client does.</summary>
    public static async ValueTask LogOutAsync(LineSocket socket, CancellationToken ct)
    {
        await socket.SendAsync(Logout, ct);
        await ReadUntilTaggedOkAsync(socket, "z "u8.ToArray(), ct);
        await socket.ReadToEndAsync(ct);
    }

    public static async ValueTask RunAsync(LineSocket socket, Command command, CancellationToken ct)
    {
        await socket.SendAsync(command.Bytes, ct);
        await ReadUntilTaggedOkAsync(socket, command.Tag, ct);
    }

    private static async ValueTask ReadUntilTaggedOkAsync(LineSocket socket, byte[] tag, CancellationToken ct)
    {
        while (true)
        {
            var line = await socket.ReadLineAsync(ct);
            if (line.Span.StartsWith(tag))
            {
                if (!line.Span[tag.Length..].StartsWith("OK"u8))
                {
                    throw UnexpectedReplyException.For($"{Encoding.ASCII.GetString(tag)}OK", line.Span);
                }
                return;
            }
            if (LiteralSize(line.Span) is { } size)
            {
                await socket.SkipAsync(size, ct);
            }
        }
    }

    /// <summary>The size of the literal that ends <paramref name="line"/> (<c>{N}</c>), if it ends with one.</summary>
    private static long? LiteralSize(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty || line[^1] != (byte)'}')
        {
            return null;
        }
        var open = line.LastIndexOf((byte)'{');
        return open >= 0 && Utf8Parser.TryParse(line[(open + 1)..^1], out long size, out var used) && used == line.Length - open - 2 ? size : null;
    }
}
