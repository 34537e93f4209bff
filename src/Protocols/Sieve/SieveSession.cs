using ActorMailProxy.Protocols.Syntax;

namespace ActorMailProxy.Protocols.Sieve;

/// <summary>A ManageSieve client before authentication: reads commands (with literals) and drives <see cref="SieveLogin"/>.</summary>
public sealed class SieveSession(SessionOptions options) : LoginSession<SieveLoginState>(SieveLoginState.For(options))
{
    private readonly CommandReader _reader = new(options.MaxLineLength, options.MaxLiteralSize, options.MaxLiteralSize + options.MaxLineLength, tagged: false);

    public override MailProtocol Protocol => MailProtocol.ManageSieve;

    public override byte[] Greeting => SieveLogin.Greeting(options);

    protected override Step<SieveLoginState>? NextStep(InputBuffer input) => _reader.Read(input) switch
    {
        ReadResult.Complete { Segments: [CommandSegment.Line { Bytes.Length: 0 }] } when !State.AwaitingSaslResponse => Step<SieveLoginState>.Act(State),
        ReadResult.Complete c => Command(c.Segments, pipelined: input.Count > 0),
        ReadResult.LineTooLong => SieveLogin.Malformed(State, "Line too long", options),
        ReadResult.LiteralTooLarge { NonSynchronizing: true } => Step<SieveLoginState>.Act(State,
            new SessionAction.Reply(SieveString.Lines("BYE \"Literal too large\"")), new SessionAction.Close("literal too large")),
        ReadResult.LiteralTooLarge => SieveLogin.Malformed(State, "Literal too large", options),
        _ => null,
    };

    private Step<SieveLoginState> Command(IReadOnlyList<CommandSegment> segments, bool pipelined)
    {
        var tokens = Tokenizer.Tokenize(segments, out var error);
        if (tokens is null)
        {
            return SieveLogin.Malformed(State, error, options);
        }
        return State.AwaitingSaslResponse
            ? SieveLogin.SaslResponse(State, tokens, options)
            : SieveLogin.Next(State, tokens, options, pipelined);
    }

    protected override Step<SieveLoginState> OnTlsEstablished() => SieveLogin.TlsEstablished(State, options);

    protected override Step<SieveLoginState> OnLoginFailed(LoginFailure failure) => SieveLogin.LoginFailed(State, failure, options);

    public override byte[] LoginSucceeded(BackendWelcome welcome) => SieveLogin.LoginSucceeded(welcome, options);
}
