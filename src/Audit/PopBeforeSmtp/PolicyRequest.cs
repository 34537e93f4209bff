namespace ActorMailProxy.Audit.PopBeforeSmtp;

/// <summary>One complete request of the Postfix policy delegation protocol: its <c>name=value</c> attributes, in no order.</summary>
public sealed record PolicyRequest(IReadOnlyDictionary<string, string> Attributes)
{
    /// <summary>The request type; the SMTP server sends <c>smtpd_access_policy</c>.</summary>
    public string? Request => Attributes.GetValueOrDefault("request");

    /// <summary>The SMTP client's address as Postfix wrote it, not yet parsed.</summary>
    public string? ClientAddress => Attributes.GetValueOrDefault("client_address");
}
