using System.Runtime.Versioning;
using ActorMailProxy.Audit.Projections;

namespace ActorMailProxy.Audit.Tests.Projections;

/// <summary>The audit feed's file names users and their addresses: only the service's user may read it.</summary>
public sealed class AuditFeedFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("amp-feed-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    [SupportedOSPlatform("linux")]
    public void A_feed_file_it_creates_is_0600_and_one_that_exists_is_appended_to_with_its_mode_kept()
    {
        var created = Path.Combine(_dir, "created.log");
        using (var feed = AuditFeed.Open(created, e => e.EventId))
        {
            feed.Apply(AuditSamples.Opened("e1"), live: true);
        }
        var existing = Path.Combine(_dir, "existing.log");
        File.WriteAllText(existing, "before\n");
        File.SetUnixFileMode(existing, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        using (var feed = AuditFeed.Open(existing, e => e.EventId))
        {
            feed.Apply(AuditSamples.Opened("e2"), live: true);
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(created));
        Assert.Equal("e1\n", File.ReadAllText(created));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(existing));
        Assert.Equal("before\ne2\n", File.ReadAllText(existing));
    }
}
