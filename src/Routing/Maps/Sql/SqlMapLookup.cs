using System.Data;
using System.Data.Common;
using ActorMailProxy.Protocols;

namespace ActorMailProxy.Routing.Maps.Sql;

/// <summary>
/// The lookup both SQL maps share: one parameterised SELECT per key, bounded in time, every failure an
/// <see cref="MapAnswer.Unavailable"/> whose reason never carries the database password.
/// </summary>
internal sealed class SqlMapLookup : IDisposable
{
    private readonly string _name;
    private readonly DbDataSource _dataSource;
    private readonly string _select;
    private readonly TimeSpan _bound;
    private readonly Secret? _password;

    public SqlMapLookup(string name, DbDataSource dataSource, string select, TimeSpan bound, Secret? password)
    {
        _name = name;
        _dataSource = dataSource;
        _select = select;
        _bound = bound;
        _password = password;
    }

    public async ValueTask<MapAnswer> LookupAsync(string key, CancellationToken cancellationToken)
    {
        // No stored key can hold NUL, and PostgreSQL rejects it in text: an answer, not an error.
        if (key.Contains('\0'))
        {
            return MapAnswer.NotFound.Instance;
        }

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(_bound);
        try
        {
            // WaitAsync: a driver step that ignores the token still cannot hold the caller past the bound.
            return await QueryAsync(key, bounded.Token).WaitAsync(bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new MapAnswer.Unavailable($"{_name}: lookup cancelled");
        }
        catch (OperationCanceledException)
        {
            return new MapAnswer.Unavailable($"{_name}: no answer within {_bound.TotalSeconds:0.###} s");
        }
        catch (Exception e)
        {
            return new MapAnswer.Unavailable(Redact($"{_name}: {Describe(e)}"));
        }
    }

    public void Dispose() => _dataSource.Dispose();

    private async Task<MapAnswer> QueryAsync(string key, CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = _select;
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@key";
                parameter.DbType = DbType.String;
                parameter.Value = key;
                command.Parameters.Add(parameter);

                var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                        ? SqlMapRow.Answer(reader.GetValue(0), reader.GetValue(1))
                        : MapAnswer.NotFound.Instance;
                }
            }
        }
    }

    /// <summary>
    /// The driver's message and, where it adds something, the root cause (e.g. "Connection refused"), on one line
    /// for the log.
    /// </summary>
    private static string Describe(Exception e)
    {
        var root = e.GetBaseException().Message.TrimEnd('.');
        var text = root.Length == 0 || e.Message.Contains(root, StringComparison.Ordinal) ? e.Message : $"{e.Message}: {root}";
        return string.Join(' ', text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>Drivers do not put the password in messages; this holds even if one ever did.</summary>
    private string Redact(string text) =>
        _password is { Length: > 0 } password
            ? text.Replace(password.RevealText(), "***", StringComparison.Ordinal)
            : text;
}
