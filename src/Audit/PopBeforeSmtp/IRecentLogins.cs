using System.Net;

namespace ActorMailProxy.Audit.PopBeforeSmtp;

/// <summary>What a POP-before-SMTP table can say about a client address.</summary>
public enum RecentLogin
{
    /// <summary>A login from the address succeeded anywhere in the cluster and has not expired.</summary>
    Recent,

    /// <summary>No unexpired login from the address.</summary>
    None,

    /// <summary>The table cannot answer (not yet rebuilt from the journal, or its feed failed): never taken as a yes.</summary>
    Unknown,
}

/// <summary>The POP-before-SMTP question the policy service asks: did this client address log in recently?</summary>
public interface IRecentLogins
{
    RecentLogin Lookup(IPAddress client, DateTimeOffset now);
}
