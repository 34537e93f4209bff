namespace ActorMailProxy.Protocols;

/// <summary>One transition of a pure login state machine: the new state and what to do.</summary>
public sealed record Step<TState>(TState State, IReadOnlyList<SessionAction> Actions)
{
    public static Step<TState> Reply(TState state, byte[] reply) => new(state, [new SessionAction.Reply(reply)]);

    public static Step<TState> Act(TState state, params SessionAction[] actions) => new(state, actions);
}
