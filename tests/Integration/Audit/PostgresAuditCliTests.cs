using ActorMailProxy.Routing.Tests.Maps.Sql;
using Npgsql;
using ActorMailProxy.Integration.Fixtures;
using ActorMailProxy.Integration.Proxy;

namespace ActorMailProxy.Integration.Audit;

/// <summary>The audit commands on the cluster's kind of journal, a real PostgreSQL: the same lines, and never its password.</summary>
[Collection(TwoBackendsCollection.Name)]
public sealed class PostgresAuditCliTests(TwoBackendsFixture backends, PostgresFixture pg) : IClassFixture<PostgresFixture>
{
    /// <summary>A schema of the test's own: the connection string names it, and the journal's tables are created there.</summary>
    private async Task<string> NewSchemaAsync()
    {
        var schema = $"audit_{Guid.NewGuid():N}";
        await pg.ExecuteAsync($"CREATE SCHEMA {schema}");
        return new NpgsqlConnectionStringBuilder
        {
            Host = PostgresFixture.Host, Port = pg.Port, Database = PostgresFixture.Database, Username = PostgresFixture.User, Password = pg.Password,
            SearchPath = schema,
        }.ConnectionString;
    }

    [Fact]
    public async Task Tail_and_query_read_a_postgres_journal_and_never_print_its_password()
    {
        var journal = await NewSchemaAsync();
        await using var proxy = await RunningProxy.InFrontOfAsync(backends.Alpha, "--journal", "postgres:" + journal);
        var sessions = await AuditedSessions.RunAsync(proxy, succeeded: 2, failed: 1);
        await AuditJournalTables.WaitForAsync(() => AuditJournalTables.ReadPostgresAsync(journal),
            r => r.Count(e => e.Manifest == "closed") >= sessions.Connections, TimeSpan.FromSeconds(20));

        var tail = await AuditCliOutput.RunAsync("tail", "--journal", "postgres:" + journal);
        Assert.Equal(0, tail.ExitCode);
        var lines = AuditCliOutput.Lines(tail);
        Assert.Equal(sessions.ExpectedKinds.Values.Sum(), lines.Count);
        Assert.Single(lines, l => l.Text.StartsWith("Auth: ", StringComparison.Ordinal) && l.Text.Contains("authentication_id=\"grace\"", StringComparison.Ordinal)
            && l.Text.EndsWith("status=\"ok\"", StringComparison.Ordinal));

        var bob = await AuditCliOutput.RunAsync("query", "--user", "bob", "--journal", "postgres:" + journal);
        Assert.Equal("failed: backend refused the credentials", Assert.Single(AuditCliOutput.Lines(bob)).Text.Split("status=\"")[1].TrimEnd('"'));
        Assert.DoesNotContain(pg.Password, tail.Output + bob.Output);
    }

    [Fact]
    public async Task A_postgres_schema_without_the_tables_is_exit_1_and_names_the_journal_without_its_password()
    {
        var journal = await NewSchemaAsync();

        var run = await AuditCliOutput.RunAsync("query", "--since", "1d", "--journal", "postgres:" + journal);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("holds no audit log: its tables do not exist", run.Output);
        Assert.Contains("Password=***", run.Output);
        Assert.DoesNotContain(pg.Password, run.Output);
        Assert.DoesNotContain("   at ", run.Output);
    }
}
