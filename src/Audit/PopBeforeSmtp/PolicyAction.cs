namespace ActorMailProxy.Audit.PopBeforeSmtp;

/// <summary>The two answers the POP-before-SMTP policy gives Postfix; the default is the one that permits nothing.</summary>
public enum PolicyAction
{
    /// <summary><c>action=DUNNO</c>: no opinion, Postfix goes on to its next restriction.</summary>
    Dunno,

    /// <summary><c>action=OK</c>: the client may relay.</summary>
    Ok,
}
