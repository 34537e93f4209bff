namespace ActorMailProxy.Protocols;

/// <summary>What a client presented to log in: the authentication id, its password and, for SASL, an optional authorisation id.</summary>
public sealed record Credentials(string User, Secret Password, string? AuthorizationId = null)
{
    public override string ToString() => $"Credentials {{ User = {User}, Password = ***, AuthorizationId = {AuthorizationId} }}";
}
