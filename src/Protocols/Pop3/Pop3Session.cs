namespace ActorMailProxy.Protocols.Pop3;

/// <summary>A POP3 client before login: reads lines from the input and drives <see cref="Pop3Login"/>.</summary>
public sealed class Pop3Session(SessionOptions options) : IClientSession
{
    private Pop3LoginState _state = Pop3LoginState.Initial;
    private bool _discardingLongLine;

    public MailProtocol Protocol => MailProtocol.Pop3;

    public byte[] Greeting => Pop3Login.Greeting(options);

    public IReadOnlyList<SessionAction> Process(InputBuffer input)
    {
        var actions = new List<SessionAction>();
        while (true)
        {
            if (_discardingLongLine)
            {
                if (!input.SkipLine())
                {
                    return actions;
                }
                _discardingLongLine = false;
                continue;
            }
            Step<Pop3LoginState> step;
            if (input.TryReadLine(out var line))
            {
                step = line.Length > options.MaxLineLength ? Pop3Login.LineTooLong(_state with { AwaitingSaslResponse = false }, options)
                    : _state.AwaitingSaslResponse ? Pop3Login.SaslResponse(_state, line, options)
                    : Pop3Login.Next(_state, Pop3Command.Parse(line), options);
            }
            else if (input.IsFull)
            {
                _discardingLongLine = true;
                step = Pop3Login.LineTooLong(_state with { AwaitingSaslResponse = false }, options);
            }
            else
            {
                return actions;
            }
            _state = step.State;
            actions.AddRange(step.Actions);
            if (step.Actions.Any(a => a is SessionAction.Login or SessionAction.Close))
            {
                return actions;
            }
        }
    }

    public IReadOnlyList<SessionAction> LoginFailed(LoginFailure failure)
    {
        var step = Pop3Login.LoginFailed(_state, failure, options);
        _state = step.State;
        return step.Actions;
    }

    public byte[] LoginSucceeded(BackendWelcome welcome) => Pop3Login.LoginSucceeded(welcome, options);
}
