namespace ActorMailProxy.Protocols.Backend;

/// <summary>What every protocol's backend login dialogue shares: loop detection and the failures they all report.</summary>
public static class BackendLogin
{
    /// <summary>The backend did not offer (or refused) STARTTLS and TLS is required: give up before any credential goes out.</summary>
    internal static BackendStep.Failed NoTls(string what) => Unavailable($"backend {what}, and TLS to it is required");

    internal static BackendStep.Failed AfterTlsUnexpected() => Unavailable("no TLS upgrade was asked for");

    /// <summary>perdition's loop detection: a backend whose greeting is our own is ourselves.</summary>
    internal static bool IsOurGreeting(ReadOnlySpan<byte> line, byte[] ourGreeting)
    {
        var ours = ourGreeting.AsSpan();
        var end = ours.IndexOf((byte)'\r');
        ours = end < 0 ? ours : ours[..end];
        return line.SequenceEqual(ours);
    }

    internal static BackendStep.Failed Loop() => new(new LoginFailure.Refused("Re-Authentication Failure: proxy loop detected"), "backend greeting is our own: proxy loop");

    internal static BackendStep.Failed Unavailable(string reason) => new(new LoginFailure.Unavailable(reason), reason);
}
