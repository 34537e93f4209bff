namespace ActorMailProxy.Integration.Fixtures.Sieve;

/// <summary>How <see cref="ManageSieveClient.AuthenticatePlainAsync"/> hands the PLAIN credentials to the server; a proxy must accept all three.</summary>
public enum SaslInitialResponse
{
    /// <summary><c>AUTHENTICATE "PLAIN" "base64"</c></summary>
    QuotedString,

    /// <summary><c>AUTHENTICATE "PLAIN" {n+}</c>, CRLF, then the base64 text.</summary>
    Literal,

    /// <summary><c>AUTHENTICATE "PLAIN"</c> alone; the credentials answer the server's empty <c>""</c> challenge.</summary>
    AfterEmptyChallenge,
}
