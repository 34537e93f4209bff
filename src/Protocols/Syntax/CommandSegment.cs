namespace ActorMailProxy.Protocols.Syntax;

/// <summary>A piece of a command as it arrived: a line (without CRLF, ending in <c>{n}</c> when a literal follows) or the literal's bytes.</summary>
public abstract record CommandSegment
{
    private CommandSegment() { }

    public sealed record Line(byte[] Bytes) : CommandSegment;

    public sealed record LiteralData(byte[] Bytes) : CommandSegment;
}
