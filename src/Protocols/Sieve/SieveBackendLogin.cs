using ActorMailProxy.Protocols.Backend;
using ActorMailProxy.Protocols.Sasl;

namespace ActorMailProxy.Protocols.Sieve;

/// <summary>
/// Logs in at a ManageSieve backend: reads its capability greeting, STARTTLS first when asked (then reads the
/// capabilities the server repeats over TLS), then AUTHENTICATE "PLAIN" with a quoted base64 response.
/// </summary>
public sealed class SieveBackendLogin(Credentials credentials, byte[] ourGreeting, BackendTls tls = BackendTls.None) : IBackendLogin
{
    private enum Phase { Greeting, StartTlsSent, AwaitingTls, PostTlsGreeting, Authenticating, Done }

    private Phase _phase = Phase.Greeting;
    private string? _sasl;
    private bool _offersStartTls;

    public BackendStep OnLine(ReadOnlySpan<byte> line)
    {
        var text = Ascii.Text(line);
        var status = StatusOf(text);
        return (_phase, status) switch
        {
            (Phase.Greeting, "OK") when IsOurOkLine(text) => Finish(BackendLogin.Loop()),
            (Phase.Greeting, "OK") when tls == BackendTls.None => Authenticate(),
            (Phase.Greeting, "OK") when _offersStartTls => Next(Phase.StartTlsSent, Ascii.Line("STARTTLS")),
            (Phase.Greeting, "OK") => tls == BackendTls.StartTlsRequired ? Finish(BackendLogin.NoTls("offers no STARTTLS")) : Authenticate(),
            (Phase.Greeting or Phase.PostTlsGreeting, "NO" or "BYE") => Finish(BackendLogin.Unavailable($"backend greeting is {status}")),
            (Phase.Greeting or Phase.PostTlsGreeting, _) when text.StartsWith('"') => Capability(text),
            (Phase.PostTlsGreeting, "OK") => Authenticate(),
            (Phase.StartTlsSent, "OK") => Continue(Phase.AwaitingTls, BackendStep.StartTls.Instance),
            (Phase.StartTlsSent, "NO") => tls == BackendTls.StartTlsRequired ? Finish(BackendLogin.NoTls("refused STARTTLS")) : Authenticate(),
            (Phase.Authenticating, "OK") => Finish(new BackendStep.Succeeded(BackendWelcome.Simple(text[2..].TrimStart()))),
            (Phase.Authenticating, "NO") => Finish(new BackendStep.Failed(new LoginFailure.Rejected(text[2..].TrimStart()), "backend refused the credentials")),
            _ => Finish(BackendLogin.Unavailable("unexpected reply from backend during login")),
        };
    }

    /// <summary>RFC 5804 2.2: over TLS the server repeats its capabilities; only those count.</summary>
    public BackendStep AfterTls()
    {
        if (_phase != Phase.AwaitingTls)
        {
            return Finish(BackendLogin.AfterTlsUnexpected());
        }
        _sasl = null;
        return Continue(Phase.PostTlsGreeting);
    }

    private BackendStep Capability(string line)
    {
        switch (SieveString.CapabilityName(line))
        {
            case "SASL":
                _sasl = line;
                break;
            case "STARTTLS":
                _offersStartTls = true;
                break;
        }
        return BackendStep.Wait.Instance;
    }

    private BackendStep Authenticate()
    {
        if (_sasl is not null && !_sasl.Contains(SaslPlain.Mechanism, StringComparison.OrdinalIgnoreCase))
        {
            return Finish(BackendLogin.Unavailable("backend offers no SASL PLAIN"));
        }
        var plain = SaslPlain.Encode(credentials.User, credentials.Password, credentials.AuthorizationId);
        return Next(Phase.Authenticating, Ascii.Line($"AUTHENTICATE \"PLAIN\" \"{plain}\""));
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

    private BackendStep.Send Next(Phase phase, byte[] bytes)
    {
        _phase = phase;
        return new BackendStep.Send(bytes);
    }

    private BackendStep Continue(Phase phase, BackendStep? step = null)
    {
        _phase = phase;
        return step ?? BackendStep.Wait.Instance;
    }

    private BackendStep Finish(BackendStep step)
    {
        _phase = Phase.Done;
        return step;
    }
}
