using System.Text;
using ActorMailProxy.Protocols.Backend;
using ActorMailProxy.Protocols.Sasl;

namespace ActorMailProxy.Protocols.Imap;

/// <summary>
/// Logs in at an IMAP backend with the client's credentials: LOGIN with each string quoted or sent as a literal
/// (never client bytes spliced into a command line), or AUTHENTICATE PLAIN when the backend disables LOGIN.
/// If the backend's OK carries no capabilities, asks for them, so the client learns the post-login ones.
/// </summary>
public sealed class ImapBackendLogin(Credentials credentials, byte[] ourGreeting) : IBackendLogin
{
    private const string LoginTag = "amp1";
    private const string CapabilityTag = "amp2";

    private enum Phase { Greeting, LoggingIn, AskingCapabilities, Done }

    private readonly List<string> _untagged = [];
    private readonly Queue<byte[]> _pendingChunks = new();
    private Phase _phase = Phase.Greeting;
    private string? _capabilities;
    private string _status = "";

    public BackendStep OnLine(ReadOnlySpan<byte> line)
    {
        var response = ImapResponse.Parse(line);
        return _phase switch
        {
            Phase.Greeting => Greeting(line, response),
            Phase.LoggingIn => LoggingIn(line, response),
            Phase.AskingCapabilities => AskingCapabilities(line, response),
            _ => Finish(BackendLogin.Unavailable("backend spoke after the login ended")),
        };
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
        var caps = greeting.CapabilityCode();
        _phase = Phase.LoggingIn;
        if (ImapResponse.HasCapability(caps, "LOGINDISABLED"))
        {
            return ImapResponse.HasCapability(caps, "AUTH=PLAIN")
                ? Authenticate(ImapResponse.HasCapability(caps, "SASL-IR"))
                : Finish(BackendLogin.Unavailable("backend disables LOGIN and offers no AUTH=PLAIN"));
        }
        return Login(literalPlus: ImapResponse.HasCapability(caps, "LITERAL+"));
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
        var chunk = new List<byte>(Encoding.ASCII.GetBytes($"{LoginTag} LOGIN "));
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
            return new BackendStep.Send(Ascii.Line($"{LoginTag} AUTHENTICATE PLAIN {plain}"));
        }
        _pendingChunks.Enqueue(Ascii.Line(plain));
        return new BackendStep.Send(Ascii.Line($"{LoginTag} AUTHENTICATE PLAIN"));
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
        if (response.Tag != LoginTag)
        {
            return Finish(BackendLogin.Unavailable("backend answered with a tag we did not send"));
        }
        if (response.Status != "OK")
        {
            return Finish(new BackendStep.Failed(new LoginFailure.Rejected(response.Text), $"backend answered {response.Status} to the login"));
        }
        _status = response.Text;
        _capabilities = response.CapabilityCode() ?? _capabilities;
        if (_capabilities is not null)
        {
            return Finish(new BackendStep.Succeeded(new BackendWelcome(_untagged, _status, _capabilities)));
        }
        _phase = Phase.AskingCapabilities;
        return new BackendStep.Send(Ascii.Line($"{CapabilityTag} CAPABILITY"));
    }

    private BackendStep AskingCapabilities(ReadOnlySpan<byte> line, ImapResponse response)
    {
        if (response.IsUntagged)
        {
            return Untagged(line, response);
        }
        return response.Tag == CapabilityTag
            ? Finish(new BackendStep.Succeeded(new BackendWelcome(_untagged, _status, _capabilities)))
            : Finish(BackendLogin.Unavailable("backend answered with a tag we did not send"));
    }

    private BackendStep Untagged(ReadOnlySpan<byte> line, ImapResponse response)
    {
        if (response.Status == "BYE")
        {
            return Finish(BackendLogin.Unavailable("backend said BYE during login"));
        }
        if (response.Status == "CAPABILITY")
        {
            _capabilities = response.Text;
        }
        _untagged.Add(Ascii.Text(line));
        return BackendStep.Wait.Instance;
    }

    private BackendStep Finish(BackendStep step)
    {
        _phase = Phase.Done;
        return step;
    }
}
