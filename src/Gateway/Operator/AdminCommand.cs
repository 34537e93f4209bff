namespace ActorMailProxy.Gateway.Operator;

/// <summary>An operator command as given on the command line, and the message that carries it to a node.</summary>
public abstract record AdminCommand
{
    private AdminCommand() { }

    public abstract object Message { get; }

    /// <summary><c>map flush [USER]</c>: one key's cached answer, or (no key) every cached answer on every node.</summary>
    public sealed record MapFlush(string? Key) : AdminCommand
    {
        public override object Message => Key is null ? FlushAll.Instance : new FlushUser(Key);

        public override string ToString() => "map flush";
    }

    /// <summary><c>cluster limit KEY</c>: each member's places of one limit key.</summary>
    public sealed record ClusterLimit(string Key) : AdminCommand
    {
        public override object Message => new GetLimit(Key);

        public override string ToString() => "cluster limit";
    }

    /// <summary><c>cluster last-login USER</c>: the user's latest successful login, from the audit log.</summary>
    public sealed record ClusterLastLogin(string User) : AdminCommand
    {
        public override object Message => new GetLastLogin(User);

        public override string ToString() => "cluster last-login";
    }

    /// <summary><c>cluster status</c>: members and each node's own report.</summary>
    public sealed record ClusterStatus : AdminCommand
    {
        public override object Message => GetClusterStatus.Instance;

        public override string ToString() => "cluster status";
    }
}
