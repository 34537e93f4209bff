using System.Globalization;
using System.Text;
using ActorMailProxy.Protocols.Backend;
using ActorMailProxy.Protocols.Sasl;

namespace ActorMailProxy.Protocols.Imap;

/// <summary>
/// Logs in at an IMAP backend with the client's credentials: STARTTLS first when asked (then the capabilities are
/// asked again, as only the post-TLS ones count), then LOGIN with each string quoted or sent as a literal (never
/// client bytes spliced into a command line), or AUTHENTICATE PLAIN when the backend disables LOGIN. If the backend's
/// OK carries no capabilities, asks for them, so the client learns the post-login ones.
/// </summary>
public sealed class ImapBackendLogin(Credentials credentials, byte[] ourGreeting, BackendTls tls = BackendTls.None) : IBackendLogin
{
    private enum Phase { Greeting, Probing, StartTlsSent, AwaitingTls, PostTlsCapabilities, LoggingIn, AskingCapabilities, Done }

    private readonly List<string> _untagged = [];
    private readonly Queue<byte[]> _pendingChunks = new();
    private Phase _phase = Phase.Greeting;
    private int _tags;
    private string _tag = "";
    private string? _capabilities;
    private string? _loginCapabilities;
    private string _status = "";

    public BackendStep OnLine(ReadOnlySpan<byte> line)
    {
        var response = ImapResponse.Parse(line);
        if (_phase is not (Phase.Greeting or Phase.Done) && !response.IsUntagged && !response.IsContinuation && response.Tag != _tag)
        {
            return Finish(BackendLogin.Unavailable("backend answered with a tag we did not send"));
        }
        return _phase switch
        {
            Phase.Greeting => Greeting(line, response),
            Phase.Probing or Phase.PostTlsCapabilities => Capabilities(response),
            Phase.StartTlsSent => StartTlsAnswer(response),
            Phase.LoggingIn => LoggingIn(line, response),
            Phase.AskingCapabilities => AskingCapabilities(line, response),
            _ => Finish(BackendLogin.Unavailable("backend spoke when it had nothing to answer")),
        };
    }

    public BackendStep AfterTls()
    {
        if (_phase != Phase.AwaitingTls)
        {
            return Finish(BackendLogin.AfterTlsUnexpected());
        }
        _capabilities = null;
        return Command(Phase.PostTlsCapabilities, "CAPABILITY");
    }

    private BackendStep Greeting(ReadOnlySpan<byte> line, ImapResponse greeting)
    {
        if (BackendLogin.IsOurGreeting(line, ourGreeting))
        {
            return Finish(BackendLogin.Loop());
        }
        if (!greeting.IsUntagged || greeting.Status != "OK")
        {
            // PREAUTH would log us in as someone without our credentials: fail closed.
            return Finish(BackendLogin.Unavailable($"backend greeting is {(greeting.Status.Length > 0 ? greeting.Status : "garbage")}, not OK"));
        }
        _capabilities = greeting.CapabilityCode();
        return tls == BackendTls.None ? BeginLogin()
            : _capabilities is null ? Command(Phase.Probing, "CAPABILITY")
            : DecideTls();
    }

    /// <summary>Capabilities asked for before the login (to find STARTTLS, or after TLS): not relayed to the client.</summary>
    private BackendStep Capabilities(ImapResponse response)
    {
        if (response.IsUntagged)
        {
            if (response.Status == "CAPABILITY")
            {
                _capabilities = response.Text;
            }
            return response.Status == "BYE" ? Finish(BackendLogin.Unavailable("backend said BYE before login")) : BackendStep.Wait.Instance;
        }
        return _phase == Phase.Probing ? DecideTls() : BeginLogin();
    }

    private BackendStep DecideTls()
    {
        if (ImapResponse.HasCapability(_capabilities, "STARTTLS"))
        {
            return Command(Phase.StartTlsSent, "STARTTLS");
        }
        return tls == BackendTls.StartTlsRequired ? Finish(BackendLogin.NoTls("offers no STARTTLS")) : BeginLogin();
    }

    private BackendStep StartTlsAnswer(ImapResponse response)
    {
        if (response.IsUntagged)
        {
            return BackendStep.Wait.Instance;
        }
        if (response.Status == "OK")
        {
            _phase = Phase.AwaitingTls;
            return BackendStep.StartTls.Instance;
        }
        return tls == BackendTls.StartTlsRequired ? Finish(BackendLogin.NoTls("refused STARTTLS")) : BeginLogin();
    }

    private BackendStep BeginLogin()
    {
        _phase = Phase.LoggingIn;
        _tag = NextTag();
        if (ImapResponse.HasCapability(_capabilities, "LOGINDISABLED"))
        {
            return ImapResponse.HasCapability(_capabilities, "AUTH=PLAIN")
                ? Authenticate(ImapResponse.HasCapability(_capabilities, "SASL-IR"))
                : Finish(BackendLogin.Unavailable("backend disables LOGIN and offers no AUTH=PLAIN"));
        }
        return Login(literalPlus: ImapResponse.HasCapability(_capabilities, "LITERAL+"));
    }

    private BackendStep Login(bool literalPlus)
    {
        var user = ImapString.Encode(Encoding.UTF8.GetBytes(credentials.User));
        var password = ImapString.Encode(credentials.Password.Reveal());
        if (user is null || password is null || credentials.AuthorizationId is not null)
        {
            return credentials.AuthorizationId is not null
                ? Authenticate(saslIr: false)
                : Finish(new BackendStep.Failed(new LoginFailure.Rejected(null), "credentials hold a NUL byte, which IMAP cannot carry"));
        }
        // The command is split at each synchronising literal: the rest goes after the server's "+".
        var chunk = new List<byte>(Encoding.ASCII.GetBytes($"{_tag} LOGIN "));
        AppendString(chunk, user, literalPlus);
        chunk.Add((byte)' ');
        AppendString(chunk, password, literalPlus);
        chunk.AddRange(Ascii.Crlf);
        _pendingChunks.Enqueue([.. chunk]);
        return new BackendStep.Send(_pendingChunks.Dequeue());
    }

    private void AppendString(List<byte> chunk, ImapString value, bool literalPlus)
    {
        switch (value)
        {
            case ImapString.Quoted q:
                chunk.AddRange(q.Bytes);
                break;
            case ImapString.Literal l when literalPlus:
                chunk.AddRange(Encoding.ASCII.GetBytes($"{{{l.Value.Length}+}}\r\n"));
                chunk.AddRange(l.Value);
                break;
            case ImapString.Literal l:
                chunk.AddRange(Encoding.ASCII.GetBytes($"{{{l.Value.Length}}}\r\n"));
                _pendingChunks.Enqueue([.. chunk]);
                chunk.Clear();
                chunk.AddRange(l.Value);
                break;
        }
    }

    private BackendStep Authenticate(bool saslIr)
    {
        var plain = SaslPlain.Encode(credentials.User, credentials.Password, credentials.AuthorizationId);
        if (saslIr)
        {
            return new BackendStep.Send(Ascii.Line($"{_tag} AUTHENTICATE PLAIN {plain}"));
        }
        _pendingChunks.Enqueue(Ascii.Line(plain));
        return new BackendStep.Send(Ascii.Line($"{_tag} AUTHENTICATE PLAIN"));
    }

    private BackendStep LoggingIn(ReadOnlySpan<byte> line, ImapResponse response)
    {
        if (response.IsContinuation)
        {
            return _pendingChunks.TryDequeue(out var next)
                ? new BackendStep.Send(next)
                : Finish(BackendLogin.Unavailable("backend asked for more than the login has"));
        }
        if (response.IsUntagged)
        {
            return Untagged(line, response);
        }
        if (response.Status != "OK")
        {
            return Finish(new BackendStep.Failed(new LoginFailure.Rejected(response.Text), $"backend answered {response.Status} to the login"));
        }
        _status = response.Text;
        _loginCapabilities = response.CapabilityCode() ?? _loginCapabilities;
        if (_loginCapabilities is not null)
        {
            return Finish(new BackendStep.Succeeded(new BackendWelcome(_untagged, _status, _loginCapabilities)));
        }
        return Command(Phase.AskingCapabilities, "CAPABILITY");
    }

    private BackendStep AskingCapabilities(ReadOnlySpan<byte> line, ImapResponse response) =>
        response.IsUntagged
            ? Untagged(line, response)
            : Finish(new BackendStep.Succeeded(new BackendWelcome(_untagged, _status, _loginCapabilities)));

    /// <summary>Untagged lines from the login on: relayed to the client with the OK (an untagged CAPABILITY among them).</summary>
    private BackendStep Untagged(ReadOnlySpan<byte> line, ImapResponse response)
    {
        if (response.Status == "BYE")
        {
            return Finish(BackendLogin.Unavailable("backend said BYE during login"));
        }
        if (response.Status == "CAPABILITY")
        {
            _loginCapabilities = response.Text;
        }
        _untagged.Add(Ascii.Text(line));
        return BackendStep.Wait.Instance;
    }

    private BackendStep.Send Command(Phase phase, string command)
    {
        _phase = phase;
        _tag = NextTag();
        return new BackendStep.Send(Ascii.Line($"{_tag} {command}"));
    }

    private string NextTag() => "amp" + (++_tags).ToString(CultureInfo.InvariantCulture);

    private BackendStep Finish(BackendStep step)
    {
        _phase = Phase.Done;
        return step;
    }
}
