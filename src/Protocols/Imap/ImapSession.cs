using ActorMailProxy.Protocols.Syntax;

namespace ActorMailProxy.Protocols.Imap;

/// <summary>An IMAP4 client before login: reads commands (with literals) and drives <see cref="ImapLogin"/>.</summary>
public sealed class ImapSession(SessionOptions options) : IClientSession
{
    private readonly CommandReader _reader = new(options.MaxLineLength, options.MaxLiteralSize, options.MaxLiteralSize + options.MaxLineLength, tagged: true);
    private ImapLoginState _state = ImapLoginState.Initial;

    public MailProtocol Protocol => MailProtocol.Imap4;

    public byte[] Greeting => ImapLogin.Greeting(options);

    public IReadOnlyList<SessionAction> Process(InputBuffer input)
    {
        var actions = new List<SessionAction>();
        while (NextStep(input) is { } step)
        {
            _state = step.State;
            actions.AddRange(step.Actions);
            if (step.Actions.Any(a => a is SessionAction.Login or SessionAction.Close))
            {
                break;
            }
        }
        return actions;
    }

    private Step<ImapLoginState>? NextStep(InputBuffer input) => _reader.Read(input) switch
    {
        ReadResult.Complete { Segments: [CommandSegment.Line line] } when _state.AwaitingSaslResponse => ImapLogin.SaslResponse(_state, line.Bytes, options),
        ReadResult.Complete when _state.AwaitingSaslResponse => ImapLogin.SaslResponse(_state, [], options),
        ReadResult.Complete c => Command(c.Segments),
        ReadResult.LiteralAnnounced => Step<ImapLoginState>.Reply(_state, Ascii.Line("+ Ready for literal data")),
        ReadResult.LineTooLong t => ImapLogin.Malformed(SaslAbandoned(), _state.PendingTag ?? t.Tag, "Line too long", options),
        ReadResult.LiteralTooLarge { NonSynchronizing: true } => Step<ImapLoginState>.Act(_state,
            new SessionAction.Reply(Ascii.Line("* BYE Literal too large.")), new SessionAction.Close("literal too large")),
        ReadResult.LiteralTooLarge t => ImapLogin.Malformed(SaslAbandoned(), _state.PendingTag ?? t.Tag, "Literal too large", options),
        _ => null,
    };

    private ImapLoginState SaslAbandoned() => _state with { AwaitingSaslResponse = false, PendingTag = null };

    private Step<ImapLoginState>? Command(IReadOnlyList<CommandSegment> segments)
    {
        if (segments is [CommandSegment.Line { Bytes.Length: 0 }])
        {
            return Step<ImapLoginState>.Act(_state);
        }
        var tokens = Tokenizer.Tokenize(segments, out var error);
        var tag = TagOf(segments);
        if (tokens is null)
        {
            return ImapLogin.Malformed(_state, tag, error, options);
        }
        return ImapCommand.From(tokens) is { } command
            ? ImapLogin.Next(_state, command, options)
            : ImapLogin.Malformed(_state, tag, tag is null ? "Invalid tag" : "Missing command", options);
    }

    private static string? TagOf(IReadOnlyList<CommandSegment> segments)
    {
        var line = ((CommandSegment.Line)segments[0]).Bytes.AsSpan();
        var space = line.IndexOf((byte)' ');
        var tag = space < 0 ? line : line[..space];
        return Tokenizer.IsValidTag(tag) ? System.Text.Encoding.ASCII.GetString(tag) : null;
    }

    public IReadOnlyList<SessionAction> LoginFailed(LoginFailure failure)
    {
        var step = ImapLogin.LoginFailed(_state, failure, options);
        _state = step.State;
        return step.Actions;
    }

    public byte[] LoginSucceeded(BackendWelcome welcome) => ImapLogin.LoginSucceeded(_state, welcome, options);
}
