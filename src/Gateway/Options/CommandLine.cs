namespace ActorMailProxy.Gateway.Options;

/// <summary>
/// Reads perdition's command-line syntax: <c>--name value</c>, <c>--name=value</c>, <c>-x value</c>, <c>-xvalue</c>
/// and bundled flags (<c>-dq</c>). Every problem is reported, not just the first.
/// </summary>
public static class CommandLine
{
    public static (IReadOnlyList<OptionUse> Uses, IReadOnlyList<string> Errors) Parse(IReadOnlyList<string> args)
    {
        var uses = new List<OptionUse>();
        var errors = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2)
            {
                var eq = arg.IndexOf('=');
                var name = eq < 0 ? arg[2..] : arg[2..eq];
                if (OptionTable.Find(name) is not { } spec || name.Length == 1)
                {
                    errors.Add($"unknown option --{name}");
                    continue;
                }
                if (!spec.TakesValue)
                {
                    if (eq >= 0)
                    {
                        errors.Add($"option {spec.DisplayName} takes no value");
                    }
                    uses.Add(new OptionUse(spec, "", "command line"));
                    continue;
                }
                if (eq >= 0)
                {
                    uses.Add(new OptionUse(spec, arg[(eq + 1)..], "command line"));
                }
                else if (i + 1 < args.Count)
                {
                    uses.Add(new OptionUse(spec, args[++i], "command line"));
                }
                else
                {
                    errors.Add($"option {spec.DisplayName} needs a value ({spec.ValueName})");
                }
            }
            else if (arg.StartsWith('-') && arg.Length > 1 && arg != "--")
            {
                i = ParseShort(args, i, uses, errors);
            }
            else
            {
                errors.Add($"unexpected argument '{arg}'");
            }
        }
        return (uses, errors);
    }

    private static int ParseShort(IReadOnlyList<string> args, int i, List<OptionUse> uses, List<string> errors)
    {
        var arg = args[i];
        for (var k = 1; k < arg.Length; k++)
        {
            if (OptionTable.Find(arg[k].ToString()) is not { } spec)
            {
                errors.Add($"unknown option -{arg[k]}");
                return i;
            }
            if (!spec.TakesValue)
            {
                uses.Add(new OptionUse(spec, "", "command line"));
                continue;
            }
            if (k + 1 < arg.Length)
            {
                uses.Add(new OptionUse(spec, arg[(k + 1)..], "command line"));
            }
            else if (i + 1 < args.Count)
            {
                uses.Add(new OptionUse(spec, args[++i], "command line"));
            }
            else
            {
                errors.Add($"option {spec.DisplayName} needs a value ({spec.ValueName})");
            }
            return i;
        }
        return i;
    }
}
