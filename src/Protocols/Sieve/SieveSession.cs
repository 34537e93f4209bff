using ActorMailProxy.Protocols.Syntax;

namespace ActorMailProxy.Protocols.Sieve;

/// <summary>A ManageSieve client before authentication: reads commands (with literals) and drives <see cref="SieveLogin"/>.</summary>
public sealed class SieveSession(SessionOptions options) : IClientSession
{
    private readonly CommandReader _reader = new(options.MaxLineLength, options.MaxLiteralSize, options.MaxLiteralSize + options.MaxLineLength, tagged: false);
    private SieveLoginState _state = SieveLoginState.Initial;

    public MailProtocol Protocol => MailProtocol.ManageSieve;

    public byte[] Greeting => SieveLogin.Greeting(options);

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

    private Step<SieveLoginState>? NextStep(InputBuffer input) => _reader.Read(input) switch
    {
        ReadResult.Complete { Segments: [CommandSegment.Line { Bytes.Length: 0 }] } when !_state.AwaitingSaslResponse => Step<SieveLoginState>.Act(_state),
        ReadResult.Complete c => Command(c.Segments),
        ReadResult.LineTooLong => SieveLogin.Malformed(_state, "Line too long", options),
        ReadResult.LiteralTooLarge { NonSynchronizing: true } => Step<SieveLoginState>.Act(_state,
            new SessionAction.Reply(SieveString.Lines("BYE \"Literal too large\"")), new SessionAction.Close("literal too large")),
        ReadResult.LiteralTooLarge => SieveLogin.Malformed(_state, "Literal too large", options),
        _ => null,
    };

    private Step<SieveLoginState> Command(IReadOnlyList<CommandSegment> segments)
    {
        var tokens = Tokenizer.Tokenize(segments, out var error);
        if (tokens is null)
        {
            return SieveLogin.Malformed(_state, error, options);
        }
        return _state.AwaitingSaslResponse
            ? SieveLogin.SaslResponse(_state, tokens, options)
            : SieveLogin.Next(_state, tokens, options);
    }

    public IReadOnlyList<SessionAction> LoginFailed(LoginFailure failure)
    {
        var step = SieveLogin.LoginFailed(_state, failure, options);
        _state = step.State;
        return step.Actions;
    }

    public byte[] LoginSucceeded(BackendWelcome welcome) => SieveLogin.LoginSucceeded(welcome, options);
}
