namespace ActorMailProxy.Integration.Fixtures.Sieve;

internal enum SieveTokenKind
{
    Atom,
    String,
    Open,
    Close,
}
