using ActorMailProxy.Routing.Config;

namespace ActorMailProxy.Gateway.Options;

/// <summary>
/// perdition's configuration file (perdition(8) "CONFIGURATION FILE"): <c>&lt;key&gt; &lt;value&gt;</c> lines, the key a short
/// or long option name without dashes. -h and -f make no sense there and are ignored, as perdition ignores them.
/// </summary>
public static class PerditionConfigFile
{
    private static readonly HashSet<string> IgnoredInFile = ["h", "help", "f", "config_file"];

    public static (IReadOnlyList<OptionUse> Uses, IReadOnlyList<string> Errors) Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ([], [$"cannot read configuration file {path}: {e.Message}"]);
        }
        return Parse(text, path);
    }

    public static (IReadOnlyList<OptionUse> Uses, IReadOnlyList<string> Errors) Parse(string text, string path)
    {
        var lexed = PerditionFileLexer.Lex(text);
        var errors = lexed.Errors.Select(e => $"{path}: {e}").ToList();
        var uses = new List<OptionUse>();
        foreach (var line in lexed.Lines)
        {
            var where = $"{path}:{line.LineNumber}";
            if (IgnoredInFile.Contains(line.Key))
            {
                continue;
            }
            if (OptionTable.Find(line.Key) is not { } spec)
            {
                errors.Add($"{where}: unknown option '{line.Key}'");
                continue;
            }
            if (!spec.TakesValue && line.Value.Length > 0)
            {
                errors.Add($"{where}: option {spec.DisplayName} takes no value");
                continue;
            }
            uses.Add(new OptionUse(spec, line.Value, where));
        }
        return (uses, errors);
    }
}
