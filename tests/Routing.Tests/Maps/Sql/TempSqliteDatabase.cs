using Microsoft.Data.Sqlite;

namespace ActorMailProxy.Routing.Tests.Maps.Sql;

/// <summary>An SQLite file in the temp folder, filled by the test and deleted with it.</summary>
internal sealed class TempSqliteDatabase : IDisposable
{
    public TempSqliteDatabase()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"routing-tests-{Guid.NewGuid():N}.db");
    }

    public string Path { get; }

    /// <summary>perdition's table as perditiondb_mysql_makedb lays it out.</summary>
    public TempSqliteDatabase WithPerditionTable() => Execute(
        """CREATE TABLE tblPerdition ("user" varchar(128) NOT NULL PRIMARY KEY, servername varchar(255) NOT NULL, port varchar(8) DEFAULT NULL)""");

    public TempSqliteDatabase Route(string user, string server, string? port = null) => Execute(
        """INSERT INTO tblPerdition ("user", servername, port) VALUES (@user, @server, @port)""",
        ("@user", user), ("@server", server), ("@port", port));

    public TempSqliteDatabase Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        // No pooling, so no handle outlives the test and the file can be deleted.
        using var connection = new SqliteConnection($"Data Source={Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        command.ExecuteNonQuery();
        return this;
    }

    public void Dispose()
    {
        File.Delete(Path);
        File.Delete(Path + "-journal");
    }
}
