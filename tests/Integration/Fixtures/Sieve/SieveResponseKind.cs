namespace ActorMailProxy.Integration;

public enum SieveResponseKind
{
    Ok,
    No,
    Bye,
}
