namespace ActorMailProxy.Protocols;

/// <summary>
/// The backend's answer to a successful login, for the client session to turn into its own reply:
/// untagged lines seen on the way (IMAP), the status text after the backend's OK (with its response code),
/// and the backend's capabilities once logged in (IMAP), if known.
/// </summary>
public sealed record BackendWelcome(IReadOnlyList<string> UntaggedLines, string StatusText, string? Capabilities)
{
    public static BackendWelcome Simple(string statusText) => new([], statusText, null);
}
