namespace ActorMailProxy.Routing.Limits;

/// <summary>One limit key as this node holds it: places in use, connections waiting for one, and loans per member.</summary>
internal sealed class KeyPlaces(int limit)
{
    public int Limit { get; set; } = limit;

    public int Used { get; set; }

    public int Waiting { get; set; }

    /// <summary>Places other members lent this node, by member.</summary>
    public Dictionary<string, int> Borrowed { get; } = new(StringComparer.Ordinal);

    /// <summary>Places this node lent other members, by member.</summary>
    public Dictionary<string, int> Lent { get; } = new(StringComparer.Ordinal);

    public int BorrowedTotal { get; private set; }

    public int LentTotal { get; private set; }

    public bool Unused => Used == 0 && Waiting == 0 && Borrowed.Count == 0 && Lent.Count == 0;

    public void AddBorrowed(string member, int count) => BorrowedTotal += Add(Borrowed, member, count);

    public void AddLent(string member, int count) => LentTotal += Add(Lent, member, count);

    public void SetLent(string member, int count) => AddLent(member, count - Lent.GetValueOrDefault(member));

    /// <summary>A member the cluster removed: its loans, both ways, are void (its places were its share, now the others').</summary>
    public void Forget(string member)
    {
        if (Borrowed.Remove(member, out var borrowed))
        {
            BorrowedTotal -= borrowed;
        }
        if (Lent.Remove(member, out var lent))
        {
            LentTotal -= lent;
        }
    }

    /// <summary>Adds <paramref name="count"/> (negative to take away, never below 0) and says by how much the entry changed.</summary>
    private static int Add(Dictionary<string, int> loans, string member, int count)
    {
        var before = loans.GetValueOrDefault(member);
        var after = Math.Max(0, before + count);
        if (after == 0)
        {
            loans.Remove(member);
        }
        else
        {
            loans[member] = after;
        }
        return after - before;
    }
}
