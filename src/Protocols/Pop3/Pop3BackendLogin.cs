using System.Text;
using ActorMailProxy.Protocols.Backend;
using ActorMailProxy.Protocols.Sasl;

namespace ActorMailProxy.Protocols.Pop3;

/// <summary>
/// Logs in at a POP3 backend: STLS first when asked (found through CAPA), then USER/PASS when the credentials fit in
/// a line, otherwise AUTH PLAIN.
/// </summary>
public sealed class Pop3BackendLogin(Credentials credentials, byte[] ourGreeting, BackendTls tls = BackendTls.None) : IBackendLogin
{
    private enum Phase { Greeting, CapaStatus, CapaList, StlsSent, AwaitingTls, UserSent, PassSent, AuthSent, Done }

    private Phase _phase = Phase.Greeting;
    private bool _offersStls;

    public BackendStep OnLine(ReadOnlySpan<byte> line)
    {
        var ok = line.StartsWith("+OK"u8);
        var err = line.StartsWith("-ERR"u8);
        var text = Ascii.Text(line[(ok ? 3 : err ? 4 : 0)..]).TrimStart();
        return (_phase, ok, err) switch
        {
            (Phase.Greeting, _, _) when BackendLogin.IsOurGreeting(line, ourGreeting) => Finish(BackendLogin.Loop()),
            (Phase.Greeting, true, _) when tls == BackendTls.None => SendCredentials(),
            (Phase.Greeting, true, _) => Next(Phase.CapaStatus, Ascii.Line("CAPA")),
            (Phase.Greeting, _, _) => Finish(BackendLogin.Unavailable("backend greeting is not +OK")),
            (Phase.CapaStatus, true, _) => Continue(Phase.CapaList),
            (Phase.CapaStatus, _, true) => WithoutStls("answers no CAPA"),
            (Phase.CapaList, _, _) when line.SequenceEqual("."u8) => _offersStls ? Next(Phase.StlsSent, Ascii.Line("STLS")) : WithoutStls("offers no STLS"),
            (Phase.CapaList, _, _) => Capability(line),
            (Phase.StlsSent, true, _) => Continue(Phase.AwaitingTls, BackendStep.StartTls.Instance),
            (Phase.StlsSent, _, true) => WithoutStls("refused STLS"),
            (Phase.UserSent, true, _) => Next(Phase.PassSent, [.. "PASS "u8, .. credentials.Password.Reveal(), .. Ascii.Crlf]),
            (Phase.PassSent or Phase.AuthSent, true, _) => Finish(new BackendStep.Succeeded(BackendWelcome.Simple(text))),
            (Phase.UserSent or Phase.PassSent or Phase.AuthSent, _, true) => Finish(new BackendStep.Failed(new LoginFailure.Rejected(text), "backend refused the credentials")),
            _ => Finish(BackendLogin.Unavailable("unexpected reply from backend during login")),
        };
    }

    public BackendStep AfterTls() => _phase == Phase.AwaitingTls ? SendCredentials() : Finish(BackendLogin.AfterTlsUnexpected());

    private BackendStep Capability(ReadOnlySpan<byte> line)
    {
        _offersStls |= Ascii.EqualsIgnoreCase(line.Trim((byte)' '), "STLS");
        return BackendStep.Wait.Instance;
    }

    private BackendStep WithoutStls(string what) =>
        tls == BackendTls.StartTlsRequired ? Finish(BackendLogin.NoTls(what)) : SendCredentials();

    private BackendStep SendCredentials()
    {
        var user = Encoding.UTF8.GetBytes(credentials.User);
        if (credentials.AuthorizationId is null && Ascii.IsLineSafe(user) && user.AsSpan().IndexOf((byte)' ') < 0
            && Ascii.IsLineSafe(credentials.Password.Reveal()))
        {
            return Next(Phase.UserSent, [.. "USER "u8, .. user, .. Ascii.Crlf]);
        }
        if (user.AsSpan().IndexOf((byte)0) >= 0 || credentials.Password.Reveal().IndexOf((byte)0) >= 0)
        {
            return Finish(new BackendStep.Failed(new LoginFailure.Rejected(null), "credentials hold a NUL byte, which no POP3 login can carry"));
        }
        var plain = SaslPlain.Encode(credentials.User, credentials.Password, credentials.AuthorizationId);
        return Next(Phase.AuthSent, Ascii.Line($"AUTH PLAIN {plain}"));
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
