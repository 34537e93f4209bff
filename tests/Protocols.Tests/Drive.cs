using System.Text;
using ActorMailProxy.Protocols.Sessions;

namespace ActorMailProxy.Protocols.Tests;

/// <summary>Feeds text to a client session the way a socket would and collects what it answers.</summary>
internal sealed class Drive
{
    private readonly InputBuffer _input;

    public Drive(IClientSession session, SessionOptions? options = null)
    {
        Session = session;
        _input = ClientSessions.NewInput(options ?? new SessionOptions());
    }

    public IClientSession Session { get; }

    public List<SessionAction> Actions { get; } = [];

    public static Drive Pop3(SessionOptions? o = null) => new(ClientSessions.For(MailProtocol.Pop3, o ?? new()), o);

    public static Drive Imap(SessionOptions? o = null) => new(ClientSessions.For(MailProtocol.Imap4, o ?? new()), o);

    public static Drive Sieve(SessionOptions? o = null) => new(ClientSessions.For(MailProtocol.ManageSieve, o ?? new()), o);

    /// <summary>Sends the text (as UTF-8) in one segment, and returns the replies it produced, concatenated.</summary>
    public string Send(string text) => Send(Encoding.UTF8.GetBytes(text));

    public string Send(byte[] bytes)
    {
        var before = Actions.Count;
        var offset = 0;
        do
        {
            offset += _input.Append(bytes.AsSpan(offset));
            var step = Session.Process(_input);
            Actions.AddRange(step);
            if (step.Any(a => a is SessionAction.Login or SessionAction.StartTls or SessionAction.Close))
            {
                break;
            }
        }
        while (offset < bytes.Length);
        return Replies(before);
    }

    public string Fail(LoginFailure failure)
    {
        var before = Actions.Count;
        Actions.AddRange(Session.LoginFailed(failure));
        var more = Session.Process(_input);
        Actions.AddRange(more);
        return Replies(before);
    }

    public string Succeed(BackendWelcome welcome) => Encoding.UTF8.GetString(Session.LoginSucceeded(welcome));

    /// <summary>The handshake the session asked for is done: its replies, and those to commands already buffered.</summary>
    public string Tls()
    {
        var before = Actions.Count;
        Actions.AddRange(Session.TlsEstablished());
        Actions.AddRange(Session.Process(_input));
        return Replies(before);
    }

    public bool AskedForTls => Actions.OfType<SessionAction.StartTls>().Any();

    public string Unread => Encoding.UTF8.GetString(_input.Unread);

    public Credentials? LastLogin => Actions.OfType<SessionAction.Login>().LastOrDefault()?.Credentials;

    public bool Closed => Actions.OfType<SessionAction.Close>().Any();

    private string Replies(int from) => string.Concat(Actions.Skip(from).OfType<SessionAction.Reply>().Select(r => Encoding.UTF8.GetString(r.Bytes)));
}
