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
        Assert.False(recent.Add("a"));
        Assert.True(recent.Add("c"));
        Assert.Equal(["b", "c"], recent.InOrder);
    }

    [Fact]
    public void An_id_forgotten_can_be_held_again_as_the_newest()
    {
        var recent = RecentIds.Of(2, ["a", "b", "c"]);
        Assert.True(recent.Add("a"));
        Assert.Equal(["c", "a"], recent.InOrder);
        Assert.Equal((false, 2), (recent.Contains("b"), recent.Count));
    }

    [Fact]
    public void A_capacity_below_one_is_refused() => Assert.Throws<ArgumentOutOfRangeException>(() => RecentIds.Empty(0));
}
