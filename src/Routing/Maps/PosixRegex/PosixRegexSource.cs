using System.Text.RegularExpressions;
using ActorMailProxy.Routing.Config;

namespace ActorMailProxy.Routing.Maps.PosixRegex;

/// <summary>
/// perdition's posix_regex map: popmap.re lines <c>&lt;regex&gt;[:] &lt;substitution&gt;</c> tried in order, the
/// first match wins, with no implicit anchors. Read once and kept compiled; <see cref="Reload"/> re-reads.
/// </summary>
public sealed class PosixRegexSource : IMapSource
{
    private volatile IReadOnlyList<PosixRegexRule> _rules;

    /// <exception cref="MapSourceException">The file is missing, unreadable, or has errors (all listed).</exception>
    public PosixRegexSource(string path)
    {
        Path = path;
        _rules = Parse(MapFile.ReadText(path), path);
    }

    public string Path { get; }

    public string Name => $"posix_regex:{Path}";

    public MapLocality Locality => MapLocality.Local;

    public int Count => _rules.Count;

    public ValueTask<MapAnswer> LookupAsync(string key, CancellationToken cancellationToken)
    {
        foreach (var rule in _rules)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string? value;
            try
            {
                value = rule.Apply(key);
            }
            catch (RegexMatchTimeoutException)
            {
                return ValueTask.FromResult<MapAnswer>(new MapAnswer.Unavailable(
                    $"{Name}: the regex on line {rule.LineNumber} took too long on the key"));
            }

            if (value is not null)
            {
                return ValueTask.FromResult<MapAnswer>(new MapAnswer.Found(value));
            }
        }

        return ValueTask.FromResult<MapAnswer>(MapAnswer.NotFound.Instance);
    }

    /// <summary>Re-reads the file; on any error the rules in use stay as they were and the error is thrown.</summary>
    /// <exception cref="MapSourceException">The new file could not be read or has errors.</exception>
    public void Reload() => _rules = Parse(MapFile.ReadText(Path), Path);

    public void Dispose()
    {
    }

    internal static IReadOnlyList<PosixRegexRule> Parse(string text, string path)
    {
        var lexed = PerditionFileLexer.Lex(text);
        var problems = lexed.Errors.Select(e => e.ToString()).ToList();
        var rules = new List<PosixRegexRule>();
        foreach (var line in lexed.Lines)
        {
            var pattern = line.Key.EndsWith(':') ? line.Key[..^1] : line.Key;
            var problem = (pattern, line.Value) switch
            {
                ({ Length: 0 }, _) => "empty regular expression",
                (_, { Length: 0 }) => $"regular expression \"{pattern}\" has no substitution",
                (_, var s) when s.Any(char.IsWhiteSpace) => $"substitution \"{s}\" contains whitespace",
                _ => null,
            };

            if (problem is null && PosixRegexRule.Compile(line.LineNumber, pattern, line.Value, out problem) is { } rule)
            {
                rules.Add(rule);
            }
            else
            {
                problems.Add($"line {line.LineNumber}: {problem}");
            }
        }

        return problems.Count == 0 ? rules : throw new MapSourceException(path, problems);
    }
}
