using ActorMailProxy.Audit.Log;

namespace ActorMailProxy.Audit.Tests.Log;

public sealed class RecentIdsTests
{
    [Fact]
    public void Holds_the_last_ids_up_to_its_capacity_and_forgets_the_oldest_first()
    {
        var recent = RecentIds.Of(3, ["a", "b", "c", "d"]);
        Assert.Equal(["b", "c", "d"], recent.InOrder);
        Assert.False(recent.Contains("a"));
        Assert.True(recent.Contains("d"));
        Assert.Equal(3, recent.Count);
    }

    [Fact]
    public void An_id_added_again_changes_nothing_not_even_its_age()
    {
        var recent = RecentIds.Of(2, ["a", "b"]);
        Assert.Same(recent, recent.Add("a"));
        Assert.Equal(["b", "c"], recent.Add("a").Add("c").InOrder);
    }

    [Fact]
    public void Adding_leaves_the_original_as_it_was()
    {
        var before = RecentIds.Of(2, ["a"]);
        var after = before.Add("b").Add("c");
        Assert.Equal(["a"], before.InOrder);
        Assert.Equal(["b", "c"], after.InOrder);
        Assert.Equal(RecentIds.Of(2, ["b", "c"]), after);
    }

    [Fact]
    public void A_capacity_below_one_is_refused() => Assert.Throws<ArgumentOutOfRangeException>(() => RecentIds.Empty(0));
}
