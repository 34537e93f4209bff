namespace ActorMailProxy.Protocols.Pop3;

/// <summary>A POP3 client before login: reads lines from the input and drives <see cref="Pop3Login"/>.</summary>
public sealed class Pop3Session(SessionOptions options) : LoginSession<Pop3LoginState>(Pop3LoginState.For(options))
{
    private bool _discardingLongLine;

    public override MailProtocol Protocol => MailProtocol.Pop3;

    public override byte[] Greeting => Pop3Login.Greeting(options);

    protected override Step<Pop3LoginState>? NextStep(InputBuffer input)
    {
        if (_discardingLongLine)
        {
            if (!input.SkipLine())
            {
                return null;
            }
            _discardingLongLine = false;
        }
        if (input.TryReadLine(out var line))
        {
            return line.Length > options.MaxLineLength ? Pop3Login.LineTooLong(State with { AwaitingSaslResponse = false }, options)
                : State.AwaitingSaslResponse ? Pop3Login.SaslResponse(State, line, options)
                : Pop3Login.Next(State, Pop3Command.Parse(line), options, pipelined: input.Count > 0);
        }
        if (input.IsFull)
        {
            // POP3 has no literals: a full buffer without a line end is a line too long; drop it up to its end.
            _discardingLongLine = true;
            return Pop3Login.LineTooLong(State with { AwaitingSaslResponse = false }, options);
        }
        return null;
    }

    protected override Step<Pop3LoginState> OnTlsEstablished() => Pop3Login.TlsEstablished(State);

    protected override Step<Pop3LoginState> OnLoginFailed(LoginFailure failure) => Pop3Login.LoginFailed(State, failure, options);

    public override byte[] LoginSucceeded(BackendWelcome welcome) => Pop3Login.LoginSucceeded(welcome, options);
}
