using ActorMailProxy.Routing.Maps.Sql;
using Microsoft.Data.Sqlite;
using ActorMailProxy.Integration.Fixtures.Dovecot;

namespace ActorMailProxy.Bench.Backend;

/// <summary>A run of map keys, <c>k00000</c>, <c>k00001</c>, …: each names one row of the <see cref="MapTable"/>.</summary>
public sealed record KeyRange(string Prefix, int Count)
{
    public string Key(int i) => $"{Prefix}{i:00000}";
}

/// <summary>
/// The user map of the cluster measurements: an SQLite file in perdition's table layout (<c>-M sqlite -m FILE</c>,
/// default table and columns) in which many keys lead to the bench's few Dovecot login users. Row <c>k00042</c> says
/// <c>login10@127.0.0.1</c>, port Dovecot's IMAP port, so a proxy started with <c>-U</c> (<c>--username_from_database</c>)
/// logs key <c>k00042</c> in as Dovecot's <c>login10</c>. A client logs in with the key as its name and that user's password.
/// </summary>
public sealed class MapTable
{
    private readonly IReadOnlyList<MailUser> _users;

    private MapTable(string path, IReadOnlyList<MailUser> users)
    {
        Path = path;
        _users = users;
    }

    /// <summary>The file, which is all <c>-m</c> needs with perdition's default table and column names.</summary>
    public string Path { get; }

    public int Rows { get; private set; }

    public static MapTable Create(string path, BenchBackend backend, IEnumerable<KeyRange> ranges)
    {
        var table = new MapTable(path, backend.LoginUsers);
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false };
        using var connection = new SqliteConnection(builder.ConnectionString);
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            // The key column is the primary key, so each lookup is one index probe, as a real map table would be indexed.
            create.CommandText = $"CREATE TABLE {SqlMapTable.DefaultTable} ({SqlMapTable.DefaultUserColumn} TEXT PRIMARY KEY, " +
                $"{SqlMapTable.DefaultServerColumn} TEXT NOT NULL, {SqlMapTable.DefaultPortColumn} INTEGER)";
            create.ExecuteNonQuery();
        }
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO {SqlMapTable.DefaultTable} VALUES ($key, $server, $port)";
        var key = insert.Parameters.Add("$key", SqliteType.Text);
        var server = insert.Parameters.Add("$server", SqliteType.Text);
        insert.Parameters.AddWithValue("$port", backend.Dovecot.ImapPort);
        foreach (var range in ranges)
        {
            for (var i = 0; i < range.Count; i++)
            {
                key.Value = range.Key(i);
                server.Value = $"{table.UserOf(i).Name}@{DovecotInstance.LoopbackHost}";
                insert.ExecuteNonQuery();
                table.Rows++;
            }
        }
        transaction.Commit();
        return table;
    }

    /// <summary>The logins of <paramref name="range"/>'s keys, in order: the key as the name, the password of the Dovecot user it maps to.</summary>
    public IReadOnlyList<MailUser> Logins(KeyRange range) => [.. Enumerable.Range(0, range.Count).Select(i => new MailUser(range.Key(i), UserOf(i).Password))];

    private MailUser UserOf(int i) => _users[i % _users.Count];
}
