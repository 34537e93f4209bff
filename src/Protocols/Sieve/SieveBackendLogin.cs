using ActorMailProxy.Protocols.Backend;
using ActorMailProxy.Protocols.Sasl;

namespace ActorMailProxy.Protocols.Sieve;

/// <summary>Logs in at a ManageSieve backend: reads its capability greeting, then AUTHENTICATE "PLAIN" with a quoted base64 response.</summary>
public sealed class SieveBackendLogin(Credentials credentials, byte[] ourGreeting) : IBackendLogin
{
    private enum Phase { Greeting, Authenticating, Done }

    private Phase _phase = Phase.Greeting;
    private string? _sasl;

    public BackendStep OnLine(ReadOnlySpan<byte> line)
    {
        var text = Ascii.Text(line);
        var status = StatusOf(text);
        return (_phase, status) switch
        {
            (Phase.Greeting, "OK") when IsOurOkLine(text) => Finish(BackendLogin.Loop()),
            (Phase.Greeting, "OK") => Authenticate(),
            (Phase.Greeting, "NO" or "BYE") => Finish(BackendLogin.Unavailable($"backend greeting is {status}")),
            (Phase.Greeting, _) when text.StartsWith('"') => Capability(text),
            (Phase.Authenticating, "OK") => Finish(new BackendStep.Succeeded(BackendWelcome.Simple(text[2..].TrimStart()))),
            (Phase.Authenticating, "NO") => Finish(new BackendStep.Failed(new LoginFailure.Rejected(text[2..].TrimStart()), "backend refused the credentials")),
            _ => Finish(BackendLogin.Unavailable("unexpected reply from backend during login")),
        };
    }

    private BackendStep Capability(string line)
    {
        if (SieveString.CapabilityName(line) == "SASL")
        {
            _sasl = line;
        }
        return BackendStep.Wait.Instance;
    }

    private BackendStep Authenticate()
    {
        if (_sasl is not null && !_sasl.Contains(SaslPlain.Mechanism, StringComparison.OrdinalIgnoreCase))
        {
            return Finish(BackendLogin.Unavailable("backend offers no SASL PLAIN"));
        }
        _phase = Phase.Authenticating;
        var plain = SaslPlain.Encode(credentials.User, credentials.Password, credentials.AuthorizationId);
        return new BackendStep.Send(Ascii.Line($"AUTHENTICATE \"PLAIN\" \"{plain}\""));
    }

    /// <summary>Our greeting is capability lines then one OK line; a backend with the same OK line is ourselves.</summary>
    private bool IsOurOkLine(string line)
    {
        var ours = Ascii.Text(ourGreeting).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        return ours.Length > 0 && ours[^1] == line;
    }

    private static string StatusOf(string line)
    {
        var space = line.IndexOf(' ');
        var word = (space < 0 ? line : line[..space]).ToUpperInvariant();
        return word is "OK" or "NO" or "BYE" ? word : "";
    }

    private BackendStep Finish(BackendStep step)
    {
        _phase = Phase.Done;
        return step;
    }
}
