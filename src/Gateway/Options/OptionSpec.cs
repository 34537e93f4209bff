namespace ActorMailProxy.Gateway.Options;

/// <summary>
/// One option as perdition spells it: short and long name, whether it takes a value, and how it changes the draft.
/// <paramref name="Apply"/> returns an error text (without the option's name) or null.
/// </summary>
public sealed record OptionSpec(char? Short, string Long, string? ValueName, string Help, Func<OptionsDraft, string, string?> Apply)
{
    public bool TakesValue => ValueName is not null;

    public string DisplayName => Short is { } s ? $"-{s}/--{Long}" : $"--{Long}";

    public static OptionSpec Flag(char? shortName, string longName, string help, Action<OptionsDraft> set) =>
        new(shortName, longName, null, help, (b, _) => { set(b); return null; });

    public static OptionSpec Value(char? shortName, string longName, string valueName, string help, Func<OptionsDraft, string, string?> apply) =>
        new(shortName, longName, valueName, help, apply);

    /// <summary>A perdition option we accept so existing configurations run, but that changes nothing here.</summary>
    public static OptionSpec Ignored(char? shortName, string longName, string? valueName, string why) =>
        new(shortName, longName, valueName, $"accepted for perdition compatibility; {why}", (b, _) => { b.Notes.Add($"--{longName} is ignored: {why}"); return null; });

    /// <summary>A perdition option whose behaviour we do not offer: refusing it is safer than silently running differently.</summary>
    public static OptionSpec Unsupported(char? shortName, string longName, string? valueName, string why) =>
        new(shortName, longName, valueName, $"not supported: {why}", (_, _) => $"not supported: {why}");
}
