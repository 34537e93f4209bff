namespace ActorMailProxy.Protocols;

/// <summary>
/// What every protocol's pre-login session shares: run the protocol's steps over the input until a command needs a
/// login or a close, and keep the state between calls. The protocol supplies how one step is read and decided.
/// </summary>
public abstract class LoginSession<TState>(TState initial) : IClientSession
{
    protected TState State { get; private set; } = initial;

    public abstract MailProtocol Protocol { get; }

    public abstract byte[] Greeting { get; }

    /// <summary>The next step from the input, or null when no complete command is there yet.</summary>
    protected abstract Step<TState>? NextStep(InputBuffer input);

    protected abstract Step<TState> OnLoginFailed(LoginFailure failure);

    public abstract byte[] LoginSucceeded(BackendWelcome welcome);

    public IReadOnlyList<SessionAction> Process(InputBuffer input)
    {
        var actions = new List<SessionAction>();
        while (NextStep(input) is { } step)
        {
            State = step.State;
            actions.AddRange(step.Actions);
            if (step.Actions.Any(a => a is SessionAction.Login or SessionAction.StartTls or SessionAction.Close))
            {
                break;
            }
        }
        return actions;
    }

    public IReadOnlyList<SessionAction> TlsEstablished()
    {
        var step = OnTlsEstablished();
        State = step.State;
        return step.Actions;
    }

    protected abstract Step<TState> OnTlsEstablished();

    public IReadOnlyList<SessionAction> LoginFailed(LoginFailure failure)
    {
        var step = OnLoginFailed(failure);
        State = step.State;
        return step.Actions;
    }
}
