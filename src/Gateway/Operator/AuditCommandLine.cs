using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ActorMailProxy.Audit.Query;
using ActorMailProxy.Gateway.Options;

namespace ActorMailProxy.Gateway.Operator;

/// <summary>What an audit command line asked for: a command with the options that find the journal, help, or a usage error (exit 2).</summary>
public abstract record AuditParse
{
    private AuditParse() { }

    /// <param name="OptionArgs">The options that find the journal, in perdition's syntax, for <see cref="OptionsLoader"/>.</param>
    public sealed record Run(AuditCommand Command, IReadOnlyList<string> OptionArgs) : AuditParse;

    public sealed record Help : AuditParse;

    public sealed record Invalid(IReadOnlyList<string> Errors) : AuditParse;
}

/// <summary>
/// <c>actormailproxy audit tail|query|prune [options]</c>: the command words, the command's own options, and the few options
/// that say where the journal is, spelt as for the proxy itself (so it reads the journal the nodes write).
/// </summary>
public static partial class AuditCommandLine
{
    public const string Usage = """
        Usage: actormailproxy audit tail [-n N] [--follow] [--json] [journal options]
               actormailproxy audit query [--user USER] [--ip ADDRESS] [--since TIME] [--json] [journal options]
               actormailproxy audit prune --before DATE [journal options]

          audit tail        the newest N audit events (default 10), oldest first
            -n N              how many (0: none, with --follow only the new ones)
            --follow          then print each new event as it is stored, until Ctrl+C or SIGTERM
          audit query       every event matching all the filters given (at least one), oldest first
            --user USER       the user name the client gave or the one the backend was given, in any case
            --ip ADDRESS      the client's address (IPv4 or IPv6, no port), or a network ADDRESS/PREFIX
            --since TIME      at or after TIME: ISO 8601 (2026-11-25T14:00:00Z; no offset means UTC), or an age: 30m, 2h, 1d
          --json            one JSON object per line instead of perdition's log lines
          audit prune       delete the events older than DATE now, as the nodes' retention (mailproxy.audit.retention)
                            does in the background: only events a snapshot of the log covers, never a log's last one
            --before DATE     ISO 8601 or an age, as --since: 90d deletes what is older than 90 days

        Lines are perdition's (Connect:, Auth:, Close:, and Refused: for a cluster limit) after the event's UTC time
        and the node that saw it:
          2026-11-25T14:00:00.123Z 10.0.0.1:2551 Auth: 192.0.2.7:51234->10.0.0.1:110 client-secure=plaintext ...

        The journal is read directly, not through a node; it is found as the nodes find it:
          --journal sqlite:PATH|postgres:CONNECTION_STRING   (or MAILPROXY_JOURNAL)
          --state_directory DIR                              the default journal's directory (or MAILPROXY_STATE_DIRECTORY,
                                                             $STATE_DIRECTORY; /var/lib/actormailproxy for root)
          --config FILE.conf                                 its mailproxy.journal
          -f, --config_file FILE                             perdition's configuration file, for journal
          -d, --debug                                        show the journal plugin's warnings

        Exit codes: 0 done (also when nothing matched, and after Ctrl+C or SIGTERM with --follow),
        1 the journal is missing, empty or unreachable (or prune was interrupted), 2 bad usage.

        """;

    /// <summary>The proxy's options that say where the journal is (and -d, which shows the plugin's warnings).</summary>
    private static readonly HashSet<string> Allowed = ["journal", "state_directory", "config", "config_file", "debug", "help"];

    /// <summary>The audit commands' own options, and whether each takes a value.</summary>
    private static readonly Dictionary<string, bool> Own = new()
    {
        ["-n"] = true,
        ["--follow"] = false,
        ["--json"] = false,
        ["--user"] = true,
        ["--ip"] = true,
        ["--since"] = true,
        ["--before"] = true,
    };

    private static readonly HashSet<string> TailOnly = ["-n", "--follow"];

    private static readonly HashSet<string> QueryOnly = ["--user", "--ip", "--since"];

    private static readonly HashSet<string> PruneOnly = ["--before"];

    /// <summary>Whether <paramref name="args"/> name an audit command rather than options for the proxy.</summary>
    public static bool IsAuditCommand(IReadOnlyList<string> args) => args is ["audit", ..];

    /// <param name="now">What an age given to --since counts back from.</param>
    public static AuditParse Parse(IReadOnlyList<string> args, DateTimeOffset now)
    {
        var (words, own, optionArgs, problems) = Split(args);
        var (uses, errors) = CommandLine.Parse(optionArgs);
        if (uses.Any(u => u.Spec.Long == "help"))
        {
            return new AuditParse.Help();
        }
        problems.AddRange(errors);
        var name = $"actormailproxy {string.Join(' ', words.Take(2))}";
        problems.AddRange(uses.Where(u => !Allowed.Contains(u.Spec.Long)).Select(u => $"option {u.Spec.DisplayName} does not apply to '{name}'"));
        problems.AddRange(words.Skip(2).Select(w => $"unexpected argument '{w}'"));
        if (words is not [_, "tail" or "query" or "prune", ..])
        {
            problems.Insert(0, $"unknown command '{string.Join(' ', words)}'; expected 'audit tail', 'audit query' or 'audit prune'");
            return new AuditParse.Invalid(problems);
        }
        AuditCommand command = words[1] switch
        {
            "tail" => Tail(own, name, problems),
            "query" => Query(own, name, now, problems),
            _ => Prune(own, name, now, problems),
        };
        return problems.Count > 0 ? new AuditParse.Invalid(problems) : new AuditParse.Run(command, optionArgs);
    }

    /// <summary>
    /// Command words, the audit options (last one wins), and the rest for the proxy's parser; a value of the proxy's
    /// own options stays with it, so <c>--config -n.conf</c> is not taken for <c>-n</c>.
    /// </summary>
    private static (List<string> Words, Dictionary<string, string> Own, List<string> OptionArgs, List<string> Problems) Split(IReadOnlyList<string> args)
    {
        var (words, own, rest, problems) = (new List<string>(), new Dictionary<string, string>(), new List<string>(), new List<string>());
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-') || arg == "-")
            {
                words.Add(arg);
                continue;
            }
            var (name, inline) = NameAndValue(arg);
            if (!Own.TryGetValue(name, out var takesValue))
            {
                rest.Add(arg);
                if (inline is null && TakesValue(arg) && i + 1 < args.Count)
                {
                    rest.Add(args[++i]);
                }
                continue;
            }
            if (!takesValue)
            {
                own[name] = "";
                if (inline is not null)
                {
                    problems.Add($"option {name} takes no value");
                }
            }
            else if ((inline ?? (i + 1 < args.Count ? args[++i] : null)) is { } value)
            {
                own[name] = value;
            }
            else
            {
                problems.Add($"option {name} needs a value ({ValueName(name)})");
            }
        }
        return (words, own, rest, problems);
    }

    private static AuditCommand.Tail Tail(Dictionary<string, string> own, string name, List<string> problems)
    {
        problems.AddRange(own.Keys.Where(o => QueryOnly.Contains(o) || PruneOnly.Contains(o)).Select(o => $"option {o} does not apply to '{name}'"));
        var count = 10;
        if (own.TryGetValue("-n", out var n) && !int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out count))
        {
            problems.Add($"option -n: '{n}' is not a number of events (0 or more)");
        }
        return new AuditCommand.Tail(count, own.ContainsKey("--follow"), own.ContainsKey("--json"));
    }

    private static AuditCommand.Query Query(Dictionary<string, string> own, string name, DateTimeOffset now, List<string> problems)
    {
        problems.AddRange(own.Keys.Where(o => TailOnly.Contains(o) || PruneOnly.Contains(o)).Select(o => $"option {o} does not apply to '{name}'"));
        var filter = new AuditFilter();
        if (own.TryGetValue("--user", out var user))
        {
            filter = user.Length > 0 ? filter with { User = user } : Problem(filter, "option --user: the user name is empty", problems);
        }
        if (own.TryGetValue("--ip", out var ip))
        {
            filter = Network(ip) is { } network
                ? filter with { Client = network }
                : Problem(filter, $"option --ip: '{ip}' is not an IPv4 or IPv6 address (without a port) or a network ADDRESS/PREFIX", problems);
        }
        if (own.TryGetValue("--since", out var since))
        {
            filter = TimeOrAge(since, now) is { } time
                ? filter with { Since = time }
                : Problem(filter, $"option --since: '{since}' is neither an ISO 8601 time (2026-11-25T14:00:00Z) nor an age (30m, 2h, 1d)", problems);
        }
        if (filter.IsEmpty && !own.Keys.Any(QueryOnly.Contains))
        {
            problems.Add($"'{name}' needs at least one filter: --user USER, --ip ADDRESS or --since TIME");
        }
        return new AuditCommand.Query(filter, own.ContainsKey("--json"));
    }

    private static AuditCommand.Prune Prune(Dictionary<string, string> own, string name, DateTimeOffset now, List<string> problems)
    {
        problems.AddRange(own.Keys.Where(o => !PruneOnly.Contains(o)).Select(o => $"option {o} does not apply to '{name}'"));
        if (!own.TryGetValue("--before", out var text))
        {
            problems.Add($"'{name}' needs --before DATE: an ISO 8601 time (2026-08-27T00:00:00Z) or an age (90d)");
        }
        else if (TimeOrAge(text, now) is { } before)
        {
            return new AuditCommand.Prune(before);
        }
        else
        {
            problems.Add($"option --before: '{text}' is neither an ISO 8601 time (2026-08-27T00:00:00Z) nor an age (12h, 90d)");
        }
        return new AuditCommand.Prune(DateTimeOffset.MinValue);
    }

    private static AuditFilter Problem(AuditFilter filter, string problem, List<string> problems)
    {
        problems.Add(problem);
        return filter;
    }

    private static IPNetwork? Network(string text)
    {
        if (text.Contains('/'))
        {
            return IPNetwork.TryParse(text, out var network) ? network : null;
        }
        // IPAddress also reads "10.1" as 10.0.0.1 and "[::1]:110" as ::1; an operator who writes those means something else.
        var whole = text.Count(c => c == '.') == 3 && !text.Contains(':') || text.Contains(':') && !text.StartsWith('[');
        return whole && IPAddress.TryParse(text, out var address) ? AuditFilter.Only(address) : null;
    }

    /// <summary>An ISO 8601 time (UTC unless it says otherwise), or an age counted back from <paramref name="now"/>.</summary>
    private static DateTimeOffset? TimeOrAge(string text, DateTimeOffset now)
    {
        if (AgePattern().Match(text) is { Success: true } age && long.TryParse(age.Groups[1].Value, CultureInfo.InvariantCulture, out var amount))
        {
            var unit = age.Groups[2].Value switch
            {
                "s" => TimeSpan.FromSeconds(1),
                "m" => TimeSpan.FromMinutes(1),
                "h" => TimeSpan.FromHours(1),
                _ => TimeSpan.FromDays(1),
            };
            return amount >= (now - DateTimeOffset.MinValue).Ticks / unit.Ticks ? DateTimeOffset.MinValue : now - TimeSpan.FromTicks(amount * unit.Ticks);
        }
        return text.Length >= 10 && char.IsAsciiDigit(text[0])
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
                ? time
                : null;
    }

    [GeneratedRegex(@"^(\d{1,9})([smhd])$")]
    private static partial Regex AgePattern();

    private static (string Name, string? Value) NameAndValue(string arg)
    {
        if (arg.StartsWith("--", StringComparison.Ordinal))
        {
            var eq = arg.IndexOf('=');
            return eq < 0 ? (arg, null) : (arg[..eq], arg[(eq + 1)..]);
        }
        return arg.StartsWith("-n", StringComparison.Ordinal) && arg.Length > 2 ? ("-n", arg[2..]) : (arg, null);
    }

    /// <summary>Whether the proxy option <paramref name="arg"/> (without an inline value) takes the next argument as its value.</summary>
    private static bool TakesValue(string arg)
    {
        var name = arg.StartsWith("--", StringComparison.Ordinal) ? arg[2..] : arg.Length == 2 ? arg[1..] : null;
        return name is not null && OptionTable.Find(name) is { TakesValue: true };
    }

    private static string ValueName(string option) => option switch
    {
        "-n" => "N",
        "--user" => "USER",
        "--ip" => "ADDRESS",
        "--before" => "DATE",
        _ => "TIME",
    };
}
