namespace ActorMailProxy.Gateway.Connections;

/// <summary>One transition of a connection: its new state and the effects to carry out, in order.</summary>
public readonly record struct ConnectionStep(ConnectionState State, IReadOnlyList<ConnectionEffect> Effects);
