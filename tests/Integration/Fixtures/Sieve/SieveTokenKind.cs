namespace ActorMailProxy.Integration;

internal enum SieveTokenKind
{
    Atom,
    String,
    Open,
    Close,
}
