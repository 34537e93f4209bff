namespace ActorMailProxy.Integration.Fixtures.Postfix;

/// <summary>
/// What the SMTP server answered to one RCPT TO in a swaks session: <paramref name="ReplyCode"/> is null when the
/// session ended before an answer. <paramref name="Transcript"/> is swaks' whole output, for assertion messages.
/// </summary>
public sealed record RcptAttempt(int? ReplyCode, string ReplyLine, string Transcript)
{
    public bool Accepted => ReplyCode == 250;

    /// <summary>Postfix's reject_unauth_destination: <c>554 5.7.1 &lt;rcpt&gt;: Relay access denied</c>.</summary>
    public bool RelayDenied => ReplyCode == 554 && ReplyLine.Contains("Relay access denied", StringComparison.Ordinal);

    public override string ToString() => $"RCPT answered: {ReplyLine}\n--- swaks ---\n{Transcript}";
}
