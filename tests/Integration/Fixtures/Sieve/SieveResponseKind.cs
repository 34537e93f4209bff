namespace ActorMailProxy.Integration.Fixtures.Sieve;

public enum SieveResponseKind
{
    Ok,
    No,
    Bye,
}
