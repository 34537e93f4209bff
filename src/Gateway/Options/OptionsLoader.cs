using Akka.Configuration;

namespace ActorMailProxy.Gateway.Options;

/// <summary>The outcome of reading the options: ready to run, help asked for, or errors (exit code 2).</summary>
public abstract record LoadResult
{
    private LoadResult() { }

    public sealed record Ready(ProxyOptions Options, IReadOnlyList<string> Notes) : LoadResult;

    public sealed record Help : LoadResult;

    public sealed record Invalid(IReadOnlyList<string> Errors) : LoadResult;
}

/// <summary>
/// Merges, lowest first: the embedded HOCON, --config, perdition's configuration file (-f, or the one perdition
/// would find), the command line.
/// </summary>
public static class OptionsLoader
{
    public static LoadResult Load(IReadOnlyList<string> args)
    {
        var (cliUses, errors) = CommandLine.Parse(args);
        var first = new OptionsDraft();
        foreach (var use in cliUses.Where(u => u.Spec.Long is "help" or "config" or "config_file" or "protocol"))
        {
            use.Spec.Apply(first, use.Value);
        }
        if (first.HelpRequested)
        {
            return new LoadResult.Help();
        }
        var errorList = errors.ToList();
        Config hocon;
        try
        {
            hocon = HoconSeed.Load(first.HoconFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ConfigurationException or FormatException)
        {
            return new LoadResult.Invalid([$"option --config: cannot read {first.HoconFile}: {e.Message}"]);
        }
        var draft = HoconSeed.Draft(hocon, errorList);
        ApplyEnvironment(draft, errorList);
        if (ConfigFilePath(first, hocon) is { } configFile)
        {
            var (fileUses, fileErrors) = PerditionConfigFile.Read(configFile);
            errorList.AddRange(fileErrors);
            Apply(draft, fileUses, errorList);
        }
        Apply(draft, cliUses, errorList);
        if (errorList.Count > 0)
        {
            return new LoadResult.Invalid(errorList);
        }
        return ProxyOptionsFromDraft.Build(draft, hocon);
    }

    private static void Apply(OptionsDraft draft, IReadOnlyList<OptionUse> uses, List<string> errors)
    {
        foreach (var use in uses)
        {
            if (use.Spec.Apply(draft, use.Value) is { } error)
            {
                errors.Add($"{use.Where}: option {use.Spec.DisplayName}: {error}");
            }
        }
    }

    /// <summary>The MAILPROXY_CLUSTER_* variables, as if given before perdition's config file and the command line.</summary>
    private static void ApplyEnvironment(OptionsDraft draft, List<string> errors)
    {
        foreach (var (variable, option) in OptionTable.Environment)
        {
            if (System.Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
                && OptionTable.Find(option)!.Apply(draft, value) is { } error)
            {
                errors.Add($"environment variable {variable}: {error}");
            }
        }
    }

    /// <summary>-f, or the first of perdition's defaults that exists: actormailproxy.conf, perdition.&lt;protocol&gt;.conf, perdition.conf.</summary>
    private static string? ConfigFilePath(OptionsDraft first, Config hocon)
    {
        if (first.ConfigFile is { } given)
        {
            return given.Length == 0 ? null : given;
        }
        var dir = hocon.GetString("mailproxy.perdition-config-dir", "/etc/perdition");
        if (dir.Length == 0)
        {
            return null;
        }
        var candidates = new List<string> { "actormailproxy.conf" };
        if (first.Protocols is [var only])
        {
            candidates.Add($"perdition.{only.Name.ToLowerInvariant()}.conf");
        }
        candidates.Add("perdition.conf");
        return candidates.Select(c => Path.Combine(dir, c)).FirstOrDefault(File.Exists);
    }
}
