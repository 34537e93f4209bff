using System.Runtime.Versioning;
using ActorMailProxy.Gateway.Hosting;
using ActorMailProxy.Gateway.Options;

namespace ActorMailProxy.Gateway.Tests.Hosting;

/// <summary>What a node makes on disk before its actor system opens the journal: the state directory and the journal file, private.</summary>
[SupportedOSPlatform("linux")]
public sealed class AuditStateFilesTests : IDisposable
{
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string _dir = Directory.CreateTempSubdirectory("amp-state-files-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string State => Path.Combine(_dir, "state");

    private ProxyOptions Options(params string[] args)
    {
        var file = Path.Combine(_dir, "test.conf");
        File.WriteAllText(file, $"mailproxy.perdition-config-dir = \"{_dir}\"\nmailproxy.hostname = \"test\"\nmailproxy.state-directory = \"{State}\"\n");
        return Assert.IsType<LoadResult.Ready>(OptionsLoader.Load(["--config", file, "-b", "127.0.0.1", "-P", "POP3", .. args])).Options;
    }

    [Fact]
    public void The_state_directory_is_created_0700_with_an_empty_journal_file_0600_in_it()
    {
        AuditStateFiles.Prepare(Options());

        Assert.Equal(PrivateFile | UnixFileMode.UserExecute, File.GetUnixFileMode(State));
        var journal = Path.Combine(State, "actormailproxy-audit.db");
        Assert.Equal(PrivateFile, File.GetUnixFileMode(journal));
        Assert.Equal(0, new FileInfo(journal).Length);
    }

    [Fact]
    public void A_journal_that_exists_is_left_as_it_is()
    {
        var journal = Path.Combine(_dir, "old.db");
        File.WriteAllText(journal, "x");
        File.SetUnixFileMode(journal, PrivateFile | UnixFileMode.GroupRead);

        AuditStateFiles.Prepare(Options("--journal", $"sqlite:{journal}", "--audit_spool", ""));

        Assert.Equal((PrivateFile | UnixFileMode.GroupRead, 1L), (File.GetUnixFileMode(journal), new FileInfo(journal).Length));
        Assert.False(Directory.Exists(State));
    }

    [Fact]
    public void A_journal_given_in_a_directory_that_does_not_exist_is_left_to_sqlite_and_nothing_else_is_made()
    {
        AuditStateFiles.Prepare(Options("--journal", $"sqlite:{_dir}/missing/audit.db", "--audit_spool", $"{_dir}/spool"));

        Assert.False(Directory.Exists(Path.Combine(_dir, "missing")));
        Assert.False(Directory.Exists(State));
    }

    [Fact]
    public void The_default_spool_alone_makes_the_state_directory()
    {
        AuditStateFiles.Prepare(Options("--journal", "postgres:Host=127.0.0.1;Username=audit;Database=audit"));

        Assert.True(Directory.Exists(State));
        Assert.Empty(Directory.EnumerateFileSystemEntries(State));
    }
}
