using ActorMailProxy.Protocols.Syntax;

namespace ActorMailProxy.Protocols.Imap;

/// <summary>An IMAP4 client before login: reads commands (with literals) and drives <see cref="ImapLogin"/>.</summary>
public sealed class ImapSession(SessionOptions options) : LoginSession<ImapLoginState>(ImapLoginState.For(options))
{
    private readonly CommandReader _reader = new(options.MaxLineLength, options.MaxLiteralSize, options.MaxLiteralSize + options.MaxLineLength, tagged: true);

    public override MailProtocol Protocol => MailProtocol.Imap4;

    public override byte[] Greeting => ImapLogin.Greeting(options);

    protected override Step<ImapLoginState>? NextStep(InputBuffer input) => _reader.Read(input) switch
    {
        ReadResult.Complete { Segments: [CommandSegment.Line line] } when State.AwaitingSaslResponse => ImapLogin.SaslResponse(State, line.Bytes, options),
        ReadResult.Complete when State.AwaitingSaslResponse => ImapLogin.SaslResponse(State, [], options),
        ReadResult.Complete c => Command(c.Segments, pipelined: input.Count > 0),
        ReadResult.LiteralAnnounced => Step<ImapLoginState>.Reply(State, Ascii.Line("+ Ready for literal data")),
        ReadResult.LineTooLong t => ImapLogin.Malformed(SaslAbandoned(), State.PendingTag ?? t.Tag, "Line too long", options),
        ReadResult.LiteralTooLarge { NonSynchronizing: true } => Step<ImapLoginState>.Act(State,
            new SessionAction.Reply(Ascii.Line("* BYE Literal too large.")), new SessionAction.Close("literal too large")),
        ReadResult.LiteralTooLarge t => ImapLogin.Malformed(SaslAbandoned(), State.PendingTag ?? t.Tag, "Literal too large", options),
        _ => null,
    };

    private ImapLoginState SaslAbandoned() => State with { AwaitingSaslResponse = false, PendingTag = null };

    private Step<ImapLoginState>? Command(IReadOnlyList<CommandSegment> segments, bool pipelined)
    {
        if (segments is [CommandSegment.Line { Bytes.Length: 0 }])
        {
            return Step<ImapLoginState>.Act(State);
        }
        var tokens = Tokenizer.Tokenize(segments, out var error);
        var tag = TagOf(segments);
        if (tokens is null)
        {
            return ImapLogin.Malformed(State, tag, error, options);
        }
        return ImapCommand.From(tokens) is { } command
            ? ImapLogin.Next(State, command, options, pipelined)
            : ImapLogin.Malformed(State, tag, tag is null ? "Invalid tag" : "Missing command", options);
    }

    private static string? TagOf(IReadOnlyList<CommandSegment> segments)
    {
        var line = ((CommandSegment.Line)segments[0]).Bytes.AsSpan();
        var space = line.IndexOf((byte)' ');
        var tag = space < 0 ? line : line[..space];
        return Tokenizer.IsValidTag(tag) ? System.Text.Encoding.ASCII.GetString(tag) : null;
    }

    protected override Step<ImapLoginState> OnTlsEstablished() => ImapLogin.TlsEstablished(State);

    protected override Step<ImapLoginState> OnLoginFailed(LoginFailure failure) => ImapLogin.LoginFailed(State, failure, options);

    public override byte[] LoginSucceeded(BackendWelcome welcome) => ImapLogin.LoginSucceeded(State, welcome, options);
}
