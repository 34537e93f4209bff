namespace ActorMailProxy.Routing.Limits;

/// <summary>Messages between the members' limit ledgers; every one crosses nodes and has <see cref="LimitSerializer"/>.</summary>
public interface ILimitMessage;

/// <summary>A member whose share of <paramref name="Key"/> is full asks for up to <paramref name="Wanted"/> places.</summary>
public sealed record LendRequest(string Key, int Limit, int Wanted, string Borrower) : ILimitMessage;

/// <summary>The answer to <see cref="LendRequest"/>: <paramref name="Lent"/> places (0: none spare).</summary>
public sealed record LendReply(string Key, int Limit, int Lent, string Lender) : ILimitMessage;

/// <summary>A borrower gives back places it no longer needs.</summary>
public sealed record PlacesReturned(string Key, int Count, string Borrower) : ILimitMessage;

/// <summary>A leaving member hands the places it lent <paramref name="Borrower"/> to the heir, which then counts them lent.</summary>
public sealed record LoanInherited(KeyLoan Loan, string Borrower, string FormerLender) : ILimitMessage;

/// <summary>From the heir to the borrower: what you borrowed from <paramref name="FormerLender"/> you now owe <paramref name="Heir"/>.</summary>
public sealed record LoanMoved(KeyLoan Loan, string FormerLender, string Heir) : ILimitMessage;

/// <summary>A member that just joined asks each older one what it owes it.</summary>
public sealed record LoansQuery(string Member) : ILimitMessage;

/// <summary>What <paramref name="Member"/> holds over its share, borrowed from the one that asked.</summary>
public sealed record LoansOwed(string Member, IReadOnlyList<KeyLoan> Loans) : ILimitMessage;

/// <summary>A node that stood still asks whether it is still a member.</summary>
public sealed record MembershipQuery(string Member) : ILimitMessage;

/// <summary>Yes, <paramref name="Member"/> (the one asking) is still a member, says <paramref name="ConfirmedBy"/>.</summary>
public sealed record MembershipConfirmed(string Member, string ConfirmedBy) : ILimitMessage;

/// <summary>The operator's <c>cluster limit KEY</c>, to each member: your part of this key.</summary>
public sealed record ShareQuery(string Key, int Limit) : ILimitMessage;

/// <summary>One member's part of a key.</summary>
public sealed record ShareReport(string Node, KeyShare Share) : ILimitMessage;

/// <summary>A key over the whole cluster: every member's part that answered in time, and those that did not.</summary>
public sealed record LimitStatus(string Key, int Limit, IReadOnlyList<ShareReport> Nodes, IReadOnlyList<string> Silent) : ILimitMessage
{
    public int Held => Nodes.Sum(n => n.Share.Used);
}
