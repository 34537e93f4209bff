using System.Net;
using ActorMailProxy.Audit.Query;
using ActorMailProxy.Gateway.Operator;

namespace ActorMailProxy.Gateway.Tests.Operator;

/// <summary><c>audit tail</c>, <c>audit query</c> and <c>audit prune</c>: their own options, and only the proxy options that find the journal.</summary>
public sealed class AuditCommandLineTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 14, 0, 0, TimeSpan.Zero);

    private static AuditParse Parse(string args) => AuditCommandLine.Parse(args.Split(' '), Now);

    private static AuditParse.Run Run(string args) => Assert.IsType<AuditParse.Run>(Parse(args));

    private static AuditCommand.Query Query(string args) => Assert.IsType<AuditCommand.Query>(Run(args).Command);

    private static IReadOnlyList<string> Invalid(string args) => Assert.IsType<AuditParse.Invalid>(Parse(args)).Errors;

    [Theory]
    [InlineData("audit", true)]
    [InlineData("auditx", false)]
    [InlineData("map", false)]
    [InlineData("--journal", false)]
    public void Only_the_first_word_audit_is_an_audit_command(string first, bool audit) =>
        Assert.Equal(audit, AuditCommandLine.IsAuditCommand([first, "tail"]));

    [Fact]
    public void Tail_prints_the_last_ten_in_perdition_format_by_default()
    {
        var run = Run("audit tail");
        Assert.Equal(new AuditCommand.Tail(10, Follow: false, Json: false), run.Command);
        Assert.Empty(run.OptionArgs);
    }

    [Theory]
    [InlineData("audit tail -n 50 --follow --json", 50)]
    [InlineData("audit tail -n50 --follow --json", 50)]
    [InlineData("audit tail --json --follow -n 0", 0)]
    public void Tail_takes_a_count_follow_and_json_in_any_order(string args, int count) =>
        Assert.Equal(new AuditCommand.Tail(count, Follow: true, Json: true), Run(args).Command);

    [Fact]
    public void The_options_that_find_the_journal_go_to_the_proxys_own_parser_with_their_values()
    {
        var run = Run("audit tail --journal sqlite:/var/lib/amp/audit.db -n 3 --config -n.conf -f /etc/perdition/perdition.conf -d");
        Assert.Equal(3, ((AuditCommand.Tail)run.Command).Count);
        Assert.Equal(["--journal", "sqlite:/var/lib/amp/audit.db", "--config", "-n.conf", "-f", "/etc/perdition/perdition.conf", "-d"], run.OptionArgs);
    }

    [Fact]
    public void Query_combines_user_ip_and_since_into_one_filter()
    {
        var query = Query("audit query --user alice --ip 192.0.2.7 --since 2026-11-25T13:00:00Z --json --journal=postgres:Host=db");
        Assert.Equal(new AuditFilter("alice", IPNetwork.Parse("192.0.2.7/32"), new DateTimeOffset(2026, 11, 25, 13, 0, 0, TimeSpan.Zero)), query.Filter);
        Assert.True(query.Json);
    }

    [Theory]
    [InlineData("45s", 0, 0, 45)]
    [InlineData("30m", 0, 30, 0)]
    [InlineData("2h", 2, 0, 0)]
    [InlineData("1d", 24, 0, 0)]
    public void Since_takes_an_age_counted_back_from_now(string age, int hours, int minutes, int seconds) =>
        Assert.Equal(Now - new TimeSpan(hours, minutes, seconds), Query($"audit query --since {age}").Filter.Since);

    [Theory]
    [InlineData("2026-11-25T13:00:00Z", "2026-11-25T13:00:00+00:00")]
    [InlineData("2026-11-25T13:00:00", "2026-11-25T13:00:00+00:00")]
    [InlineData("2026-11-25T15:00:00+02:00", "2026-11-25T13:00:00+00:00")]
    [InlineData("2026-11-25", "2026-11-25T00:00:00+00:00")]
    [InlineData("2026-11-25T13:00:00.250Z", "2026-11-25T13:00:00.25+00:00")]
    public void Since_takes_an_iso_8601_time_utc_unless_it_says_otherwise(string given, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Query($"audit query --since {given}").Filter.Since);

    [Fact]
    public void An_age_beyond_the_calendar_means_from_the_beginning() =>
        Assert.Equal(DateTimeOffset.MinValue, Query("audit query --since 999999999d").Filter.Since);

    [Theory]
    [InlineData("audit prune --before 90d", "2026-08-27T14:00:00+00:00")]
    [InlineData("audit prune --journal sqlite:x.db --before=2026-01-01", "2026-01-01T00:00:00+00:00")]
    [InlineData("audit prune --before 2026-06-01T12:00:00+02:00", "2026-06-01T10:00:00+00:00")]
    public void Prune_takes_its_cutoff_as_an_iso_8601_time_or_an_age_as_since_does(string args, string expected) =>
        Assert.Equal(new AuditCommand.Prune(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)), Run(args).Command);

    [Theory]
    [InlineData("audit prune", "'actormailproxy audit prune' needs --before DATE: an ISO 8601 time (2026-08-27T00:00:00Z) or an age (90d)")]
    [InlineData("audit prune --before soon", "option --before: 'soon' is neither an ISO 8601 time (2026-08-27T00:00:00Z) nor an age (12h, 90d)")]
    [InlineData("audit prune --before", "option --before needs a value (DATE)")]
    [InlineData("audit prune --before 90d --json", "option --json does not apply to 'actormailproxy audit prune'")]
    [InlineData("audit prune --before 90d --user alice", "option --user does not apply to 'actormailproxy audit prune'")]
    [InlineData("audit prune --before 90d -n 5", "option -n does not apply to 'actormailproxy audit prune'")]
    [InlineData("audit query --user alice --before 90d", "option --before does not apply to 'actormailproxy audit query'")]
    [InlineData("audit tail --before 90d", "option --before does not apply to 'actormailproxy audit tail'")]
    public void Prune_needs_a_good_cutoff_and_no_option_of_the_other_commands(string args, string expected) =>
        Assert.Contains(expected, Invalid(args));

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1/32")]
    [InlineData("::1", "::1/128")]
    [InlineData("2001:db8::7", "2001:db8::7/128")]
    [InlineData("::ffff:192.0.2.7", "192.0.2.7/32")]
    [InlineData("10.0.0.0/8", "10.0.0.0/8")]
    public void Ip_takes_an_ipv4_or_ipv6_address_or_a_network(string given, string network) =>
        Assert.Equal(IPNetwork.Parse(network), Query($"audit query --ip {given}").Filter.Client);

    [Theory]
    [InlineData("audit query --ip 127.1", "option --ip: '127.1' is not")]
    [InlineData("audit query --ip 127.0.0.1:110", "option --ip: '127.0.0.1:110' is not")]
    [InlineData("audit query --ip [::1]:110", "option --ip: '[::1]:110' is not")]
    [InlineData("audit query --ip mail.example.org", "option --ip: 'mail.example.org' is not")]
    [InlineData("audit query --since yesterday", "option --since: 'yesterday' is neither")]
    [InlineData("audit query --since 5w", "option --since: '5w' is neither")]
    [InlineData("audit query --user", "option --user needs a value (USER)")]
    [InlineData("audit tail -n -1", "option -n: '-1' is not a number of events (0 or more)")]
    [InlineData("audit tail -n ten", "option -n: 'ten' is not a number of events (0 or more)")]
    [InlineData("audit tail --json=yes", "option --json takes no value")]
    public void A_bad_value_is_a_usage_error_naming_the_option(string args, string expected) =>
        Assert.Contains(Invalid(args), e => e.StartsWith(expected, StringComparison.Ordinal));

    [Fact]
    public void Query_without_a_filter_is_a_usage_error() =>
        Assert.Equal(["'actormailproxy audit query' needs at least one filter: --user USER, --ip ADDRESS or --since TIME"], Invalid("audit query --json"));

    [Theory]
    [InlineData("audit tail --user alice", "option --user does not apply to 'actormailproxy audit tail'")]
    [InlineData("audit query --user alice --follow", "option --follow does not apply to 'actormailproxy audit query'")]
    [InlineData("audit query --user alice -n 5", "option -n does not apply to 'actormailproxy audit query'")]
    [InlineData("audit tail --cluster_seed 127.0.0.1:2551", "option --cluster_seed does not apply to 'actormailproxy audit tail'")]
    [InlineData("audit tail -P POP3", "option -P/--protocol does not apply to 'actormailproxy audit tail'")]
    [InlineData("audit tail --bogus", "unknown option --bogus")]
    [InlineData("audit tail alice", "unexpected argument 'alice'")]
    public void Options_of_the_other_command_or_of_the_proxy_itself_are_refused(string args, string expected) =>
        Assert.Contains(expected, Invalid(args));

    [Theory]
    [InlineData("audit")]
    [InlineData("audit follow")]
    [InlineData("audit --journal sqlite:x.db")]
    public void Unknown_commands_are_refused(string args) =>
        Assert.StartsWith("unknown command", Invalid(args)[0], StringComparison.Ordinal);

    [Theory]
    [InlineData("audit --help")]
    [InlineData("audit query --help")]
    [InlineData("audit tail -n 5 --help")]
    public void Help_is_help_wherever_it_is_asked_for(string args) =>
        Assert.IsType<AuditParse.Help>(Parse(args));

    [Fact]
    public void The_usage_names_every_command_every_option_and_the_exit_codes()
    {
        foreach (var text in new[] { "audit tail", "audit query", "audit prune", "--before DATE", "mailproxy.audit.retention", "-n N", "--follow", "--json", "--user USER", "--ip ADDRESS", "--since TIME", "--journal", "MAILPROXY_JOURNAL", "--config FILE.conf", "Exit codes" })
        {
            Assert.Contains(text, AuditCommandLine.Usage);
        }
    }
}
