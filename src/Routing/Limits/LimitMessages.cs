namespace ActorMailProxy.Routing.Limits;

/// <summary>Messages of the cluster-wide connection limits; every one crosses nodes and has <see cref="LimitSerializer"/>.</summary>
public interface ILimitMessage;

/// <summary>Something the keeper of <paramref name="Key"/> is asked; sharding routes it by key.</summary>
public interface ILimitKeeperMessage : ILimitMessage
{
    string Key { get; }
}

/// <summary>Take one place under <paramref name="Limit"/> for lease <paramref name="LeaseId"/>, held by node <paramref name="Node"/>.</summary>
public sealed record AcquireLease(string Key, string LeaseId, string Node, int Limit) : ILimitKeeperMessage;

/// <summary>The keeper's answer to <see cref="AcquireLease"/>; <paramref name="Held"/> counts leases after the decision.</summary>
public sealed record LeaseDecision(string Key, string LeaseId, bool Granted, int Held) : ILimitMessage;

/// <summary>Give the place back; a lease released twice, or never granted, changes nothing.</summary>
public sealed record ReleaseLease(string Key, string LeaseId) : ILimitKeeperMessage;

/// <summary>How many leases the keeper holds, and on which node it runs.</summary>
public sealed record LimitStatusQuery(string Key) : ILimitKeeperMessage;

public sealed record LimitStatus(string Key, int Held, string KeeperNode) : ILimitMessage;

/// <summary>A keeper that starts (first use, or taking over from a dead or leaving node) asks every node what it holds.</summary>
public sealed record HeldLeasesQuery(string Key) : ILimitMessage;

/// <summary><paramref name="Granted"/>: in use; <paramref name="Undecided"/>: asked for, no answer yet.</summary>
public sealed record HeldLeases(string Key, string Node, IReadOnlyList<string> Granted, IReadOnlyList<string> Undecided) : ILimitMessage;
