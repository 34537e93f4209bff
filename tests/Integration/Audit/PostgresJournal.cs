using System.Text;
using ActorMailProxy.Routing.Tests.Maps.Sql;
using Npgsql;

namespace ActorMailProxy.Integration.Audit;

/// <summary>An audit journal on the tests' PostgreSQL server: a schema of its own per test, read or held as an operator's SQL would.</summary>
public static class PostgresJournal
{
    /// <summary>A new schema; the connection string's search path points at it, so the proxies create their tables there.</summary>
    public static async Task<string> NewAsync(PostgresFixture pg)
    {
        var schema = $"audit_{Guid.NewGuid():N}";
        await pg.ExecuteAsync($"CREATE SCHEMA {schema}");
        return new NpgsqlConnectionStringBuilder
        {
            Host = PostgresFixture.Host, Port = pg.Port, Database = PostgresFixture.Database, Username = PostgresFixture.User, Password = pg.Password,
            SearchPath = schema,
        }.ConnectionString;
    }

    /// <summary>Every payload the journal and the snapshot store hold, and every tag, as text.</summary>
    public static async Task<string> EverythingStoredAsync(string journal)
    {
        await using var connection = new NpgsqlConnection(journal);
        await connection.OpenAsync();
        var text = new StringBuilder();
        foreach (var sql in new[] { "SELECT message, manifest FROM journal", "SELECT snapshot, manifest FROM snapshot", "SELECT '', COALESCE(tags, '') FROM journal" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                text.Append(reader.GetValue(0) is byte[] bytes ? Encoding.UTF8.GetString(bytes) : "").Append(reader.GetString(1)).Append('\n');
            }
        }
        return text.ToString();
    }

    /// <summary>
    /// Takes an EXCLUSIVE lock on the journal table in a transaction kept open until disposed: every write of the log
    /// waits (so nothing is confirmed meanwhile), reads go on.
    /// </summary>
    public static async Task<IAsyncDisposable> HoldWritesAsync(string journal)
    {
        var connection = new NpgsqlConnection(journal);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("LOCK TABLE journal IN EXCLUSIVE MODE", connection, transaction))
        {
            await command.ExecuteNonQueryAsync();
        }
        return new HeldLock(connection, transaction);
    }

    private sealed class HeldLock(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
