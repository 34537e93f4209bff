using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;
using ActorMailProxy.Audit.Events;
using ActorMailProxy.Audit.Journal;
using ActorMailProxy.Audit.Log;
using ActorMailProxy.Audit.Query;
using ActorMailProxy.Audit.Serialization;

namespace ActorMailProxy.Audit.ReadModel;

/// <summary>
/// Finds stored events through the audit index: the conditions go to the database, which picks the index; the events
/// themselves are read from the journal rows the index points at and decoded as the journal plugin would
/// (<paramref name="decode"/>: bytes, serializer id, manifest → the event).
/// </summary>
public sealed class AuditIndexSearch(JournalSpec journal, Func<byte[], int, string, object> decode) : ILastLogins
{
    /// <summary>An index whose oldest missing event is younger than this is caught up: it is only writing its current batch.</summary>
    public static readonly TimeSpan CaughtUpLag = TimeSpan.FromSeconds(5);

    private const string Select = """
        SELECT j.ordering, j.message, j.identifier, j.manifest
        FROM audit_index i JOIN journal j ON j.ordering = i.ordering
        """;

    /// <summary>The log's events after an ordering, oldest first: those the index does not hold yet.</summary>
    private const string After = """
        SELECT j.ordering, j.message, j.identifier, j.manifest FROM journal j
        WHERE j.ordering > @after AND j.tags LIKE @tag ORDER BY j.ordering
        """;

    /// <summary>How far the index has come: the write time of the oldest event it does not hold yet (null: it holds every one).</summary>
    private const string OldestUnindexed = "SELECT created FROM journal WHERE ordering = (SELECT min(ordering) FROM journal WHERE ordering > @offset)";

    /// <summary>
    /// Every event <paramref name="filter"/> matches, oldest first (by time, then ordering: the time index then gives a
    /// <c>--since</c> its rows in order, where ordering by the journal's ordering had SQLite walk the whole index by its
    /// key), with its ordering; the filter must not be empty.
    /// </summary>
    public async IAsyncEnumerable<(long Ordering, AuditEvent Event)> FindAsync(AuditFilter filter, [EnumeratorCancellation] CancellationToken cancel = default)
    {
        if (filter.IsEmpty)
        {
            throw new ArgumentException("an audit search needs at least one condition", nameof(filter));
        }
        var conditions = new List<string>();
        var parameters = new List<(string, object?)>();
        if (filter.User is { } user)
        {
            conditions.Add("(i.user_name = @user OR i.mapped_user = @user)");
            parameters.Add(("user", user.ToLowerInvariant()));
        }
        if (filter.Client is { } network)
        {
            var (first, last) = AuditIndexRow.ClientRange(network);
            // Typed as the column: PostgreSQL compares CHAR(32) with a text parameter as text, which no index serves.
            conditions.Add("i.client_key BETWEEN CAST(@first AS CHAR(32)) AND CAST(@last AS CHAR(32))");
            parameters.AddRange([("first", first), ("last", last)]);
        }
        if (filter.Since is { } since)
        {
            conditions.Add("i.time_ms >= @since");
            parameters.Add(("since", since.ToUnixTimeMilliseconds()));
        }
        var text = new StringBuilder(Select).Append(" WHERE ").AppendJoin(" AND ", conditions).Append(" ORDER BY i.time_ms, i.ordering").ToString();
        await using var connection = JournalDatabase.Open(journal, readOnly: true);
        await connection.OpenAsync(cancel);
        await using var command = JournalDatabase.Command(connection, text, [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancel);
        while (await reader.ReadAsync(cancel))
        {
            if (Read(reader) is { } found)
            {
                yield return found;
            }
        }
    }

    /// <summary>
    /// Every event of the log stored after <paramref name="after"/>, oldest first, with its ordering: what a search adds
    /// to <see cref="FindAsync(AuditFilter, CancellationToken)"/> for the events the index does not hold yet, a range of
    /// the journal's primary key as long as the index keeps up.
    /// </summary>
    public async IAsyncEnumerable<(long Ordering, AuditEvent Event)> StoredAfterAsync(long after, [EnumeratorCancellation] CancellationToken cancel = default)
    {
        await using var connection = JournalDatabase.Open(journal, readOnly: true);
        await connection.OpenAsync(cancel);
        await using var command = JournalDatabase.Command(connection, After, ("after", after), ("tag", $"%;{AuditLog.Tag};%"));
        await using var reader = await command.ExecuteReaderAsync(cancel);
        while (await reader.ReadAsync(cancel))
        {
            if (Read(reader) is { } found)
            {
                yield return found;
            }
        }
    }

    /// <summary>The latest successful login of <paramref name="user"/> (the name given or the one mapped to, in any case), or null.</summary>
    public async Task<LoginSucceeded?> LastLoginAsync(string user, CancellationToken cancel = default)
    {
        await using var connection = JournalDatabase.Open(journal, readOnly: true);
        await connection.OpenAsync(cancel);
        await using var command = JournalDatabase.Command(connection,
            Select + " WHERE (i.user_name = @user OR i.mapped_user = @user) AND i.kind = @kind ORDER BY i.time_ms DESC LIMIT 1",
            ("user", user.ToLowerInvariant()), ("kind", AuditJson.Kinds[typeof(LoginSucceeded)]));
        await using var reader = await command.ExecuteReaderAsync(cancel);
        return await reader.ReadAsync(cancel) ? Read(reader)?.Event as LoginSucceeded : null;
    }

    public async Task<LastLoginAnswer> FindAsync(string user, CancellationToken cancel = default)
    {
        if (await LagAsync(DateTimeOffset.UtcNow, cancel) is not { } lag)
        {
            return new LastLoginAnswer(null, CaughtUp: false);
        }
        var login = await LastLoginAsync(user, cancel);
        return new LastLoginAnswer(login is null ? null : LastLogin.From(login), lag < CaughtUpLag);
    }

    /// <summary>The ordering of the last event the index holds (0: none yet), or null when the journal has no index.</summary>
    public async Task<long?> OffsetAsync(CancellationToken cancel = default)
    {
        await using var connection = JournalDatabase.Open(journal, readOnly: true);
        await connection.OpenAsync(cancel);
        return await AuditIndexTables.ExistAsync(connection, journal, cancel) ? await AuditIndexTables.OffsetAsync(connection, cancel) : null;
    }

    /// <summary>
    /// How far behind the log the index is, by the age of the oldest event it does not hold yet: zero when it holds all;
    /// null when the journal has no index (written by a version before it, and no node of this one has started on it).
    /// </summary>
    public async Task<TimeSpan?> LagAsync(DateTimeOffset now, CancellationToken cancel = default)
    {
        await using var connection = JournalDatabase.Open(journal, readOnly: true);
        await connection.OpenAsync(cancel);
        if (!await AuditIndexTables.ExistAsync(connection, journal, cancel))
        {
            return null;
        }
        await using var command = JournalDatabase.Command(connection, OldestUnindexed, ("offset", await AuditIndexTables.OffsetAsync(connection, cancel)));
        return await command.ExecuteScalarAsync(cancel) is { } created and not DBNull
            ? now - new DateTimeOffset(Convert.ToInt64(created), TimeSpan.Zero)
            : TimeSpan.Zero;
    }

    private (long Ordering, AuditEvent Event)? Read(DbDataReader reader)
    {
        var message = (byte[])reader.GetValue(1);
        var identifier = Convert.ToInt32(reader.GetValue(2));
        var manifest = reader.IsDBNull(3) ? "" : reader.GetString(3);
        return decode(message, identifier, manifest) is AuditEvent e ? (reader.GetInt64(0), e) : null;
    }
}
