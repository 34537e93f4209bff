using ActorMailProxy.Routing.Limits;

namespace ActorMailProxy.Routing.Tests.Limits;

public sealed class LeaseBookTests
{
    [Fact]
    public void Grants_up_to_the_limit_then_refuses_and_a_release_frees_a_place()
    {
        var book = new LeaseBook();
        Assert.True(book.Acquire("a", "n1", 2));
        Assert.True(book.Acquire("b", "n2", 2));
        Assert.False(book.Acquire("c", "n1", 2));
        book.Release("a");
        Assert.True(book.Acquire("c", "n1", 2));
        Assert.Equal(2, book.Held);
    }

    [Fact]
    public void Asking_again_for_a_held_lease_is_granted_without_taking_a_second_place()
    {
        var book = new LeaseBook();
        Assert.True(book.Acquire("a", "n1", 1));
        Assert.True(book.Acquire("a", "n1", 1));
        Assert.Equal(1, book.Held);
    }

    [Fact]
    public void A_release_that_overtakes_its_acquire_is_not_undone_by_it()
    {
        var book = new LeaseBook();
        book.Release("late");
        Assert.False(book.Acquire("late", "n1", 5));
        Assert.Equal(0, book.Held);
    }

    [Fact]
    public void Releasing_twice_or_releasing_what_was_never_held_changes_nothing()
    {
        var book = new LeaseBook();
        book.Acquire("a", "n1", 3);
        book.Release("a");
        book.Release("a");
        book.Release("never");
        Assert.Equal(0, book.Held);
    }

    [Fact]
    public void A_removed_node_takes_exactly_its_own_leases_with_it()
    {
        var book = new LeaseBook();
        book.Acquire("a", "n1", 9);
        book.Acquire("b", "n2", 9);
        book.Acquire("c", "n1", 9);
        Assert.Equal(2, book.NodeRemoved("n1"));
        Assert.Equal(1, book.Held);
        Assert.Equal(0, book.NodeRemoved("n1"));
    }

    [Fact]
    public void Recovery_counts_what_every_node_reports_and_ends_when_each_has_reported_or_left()
    {
        var book = new LeaseBook();
        book.StartRecovery(["n1", "n2", "n3"]);
        Assert.True(book.Recovering);
        book.Report("n1", ["a", "b"], []);
        book.Report("n1", ["x"], []);
        book.NodeRemoved("n3");
        Assert.True(book.Recovering);
        book.Report("n2", ["c"], []);
        Assert.False(book.Recovering);
        Assert.Equal(3, book.Held);
        Assert.False(book.Acquire("d", "n1", 3));
    }

    [Fact]
    public void A_report_of_a_lease_released_meanwhile_does_not_resurrect_it()
    {
        var book = new LeaseBook();
        book.StartRecovery(["n1"]);
        book.Release("a");
        book.Report("n1", ["a", "b"], []);
        Assert.Equal(1, book.Held);
    }

    [Fact]
    public void The_memory_of_released_leases_is_bounded()
    {
        var book = new LeaseBook();
        for (var i = 0; i <= LeaseBook.ReleasedMemory; i++)
        {
            book.Release($"r{i}");
        }
        Assert.True(book.Acquire("r0", "n1", 1));
        Assert.False(book.Acquire($"r{LeaseBook.ReleasedMemory}", "n1", 2));
    }

    [Fact]
    public void Undecided_leases_count_as_held_until_their_request_arrives_and_are_then_decided_afresh()
    {
        // Twelve connections asked at once, before any keeper existed: the recovery sees all twelve undecided.
        var book = new LeaseBook();
        book.StartRecovery(["n1", "n2"]);
        book.Report("n1", [], [.. Enumerable.Range(0, 6).Select(i => $"a{i}")]);
        book.Report("n2", [], [.. Enumerable.Range(0, 6).Select(i => $"b{i}")]);
        Assert.Equal(12, book.Held);
        var granted = Enumerable.Range(0, 6).SelectMany(i => new[] { book.Acquire($"a{i}", "n1", 8), book.Acquire($"b{i}", "n2", 8) }).Count(g => g);
        Assert.Equal(8, granted);
        Assert.Equal(8, book.Held);
    }

    [Fact]
    public void An_undecided_lease_whose_request_never_comes_stays_counted_until_released()
    {
        // The keeper before granted it and its answer is on the way: nobody asks again.
        var book = new LeaseBook();
        book.StartRecovery(["n1"]);
        book.Report("n1", ["g"], ["u"]);
        Assert.False(book.Acquire("new", "n1", 2));
        book.Release("u");
        Assert.True(book.Acquire("new", "n1", 2));
        Assert.True(book.Acquire("g", "n1", 2));
    }
}
