using System.Text;

namespace ActorMailProxy.Protocols.Pop3;

/// <summary>A POP3 command in the AUTHORIZATION state (RFC 1939, RFC 2449, RFC 5034), parsed from one line.</summary>
public abstract record Pop3Command
{
    private Pop3Command() { }

    public sealed record Capa : Pop3Command;
    public sealed record User(string Name) : Pop3Command;
    public sealed record Pass(Secret Password) : Pop3Command;
    public sealed record Auth(string? Mechanism, byte[]? InitialResponse) : Pop3Command;
    public sealed record Quit : Pop3Command;
    public sealed record Noop : Pop3Command;
    public sealed record Stls : Pop3Command;
    public sealed record Unknown(string Verb) : Pop3Command;
    public sealed record Malformed(string Verb, string Problem) : Pop3Command;

    public static Pop3Command Parse(ReadOnlySpan<byte> line)
    {
        var space = line.IndexOf((byte)' ');
        var verbBytes = space < 0 ? line : line[..space];
        var verb = Encoding.ASCII.GetString(verbBytes).ToUpperInvariant();
        var argument = space < 0 ? ReadOnlySpan<byte>.Empty : line[(space + 1)..];
        var hasArgument = space >= 0;
        return verb switch
        {
            "CAPA" => new Capa(),
            "QUIT" => new Quit(),
            "NOOP" => new Noop(),
            "STLS" => new Stls(),
            "USER" when argument.Trim((byte)' ').IsEmpty => new Malformed(verb, "USER needs a name"),
            "USER" => new User(Encoding.UTF8.GetString(argument.Trim((byte)' '))),
            // The whole rest of the line is the password: passwords may contain spaces.
            "PASS" when !hasArgument || argument.IsEmpty => new Malformed(verb, "PASS needs a password"),
            "PASS" => new Pass(Secret.FromBytes(argument)),
            "AUTH" => ParseAuth(argument),
            _ when verb.Length == 0 => new Malformed(verb, "empty command"),
            _ => new Unknown(verb),
        };
    }

    private static Auth ParseAuth(ReadOnlySpan<byte> argument)
    {
        var text = argument.Trim((byte)' ');
        if (text.IsEmpty)
        {
            return new Auth(null, null);
        }
        var space = text.IndexOf((byte)' ');
        var mechanism = Encoding.ASCII.GetString(space < 0 ? text : text[..space]).ToUpperInvariant();
        var initial = space < 0 ? null : text[(space + 1)..].Trim((byte)' ').ToArray();
        return new Auth(mechanism, initial);
    }
}
