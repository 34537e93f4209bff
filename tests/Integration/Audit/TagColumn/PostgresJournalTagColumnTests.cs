using ActorMailProxy.Audit.Journal;
using ActorMailProxy.Routing.Tests.Maps.Sql;

namespace ActorMailProxy.Integration.Audit.TagColumn;

/// <summary>The tag move on PostgreSQL, in a schema of its own on the tests' server.</summary>
public sealed class PostgresJournalTagColumnTests(PostgresFixture pg) : JournalTagColumnContract, IClassFixture<PostgresFixture>
{
    protected override async Task<JournalSpec> OlderJournalAsync()
    {
        var journal = new JournalSpec.Postgres(await PostgresJournal.NewAsync(pg));
        await ValueAsync(journal, $"""
            CREATE TABLE journal (ordering BIGSERIAL NOT NULL PRIMARY KEY, created BIGINT NOT NULL, deleted BOOLEAN NOT NULL,
                persistence_id VARCHAR(255) NOT NULL, sequence_number BIGINT NOT NULL, message BYTEA NOT NULL,
                manifest VARCHAR(500) NULL, identifier INTEGER NULL, writer_uuid VARCHAR(128) NULL);
            CREATE TABLE tags (ordering_id BIGINT NOT NULL, tag VARCHAR(64) NOT NULL, sequence_nr BIGINT NOT NULL,
                persistence_id VARCHAR(255) NOT NULL, PRIMARY KEY (ordering_id, tag));
            INSERT INTO journal (created, deleted, persistence_id, sequence_number, message)
                SELECT i, false, 'audit-log', i, '\x7b7d'::bytea FROM generate_series(1, {Events}) AS i;
            {TagRows}
            """);
        return journal;
    }
}
