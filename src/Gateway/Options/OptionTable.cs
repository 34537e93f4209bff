using ActorMailProxy.Routing.Usernames;

namespace ActorMailProxy.Gateway.Options;

/// <summary>Every option we read, by perdition's names and meanings (perdition(8)); a few of our own at the end.</summary>
public static partial class OptionTable
{
    public static readonly IReadOnlyList<OptionSpec> All =
    [
        .. Listening(),
        .. Routing(),
        .. Usernames(),
        .. Behaviour(),
        .. Logging(),
        .. Tls(),
        .. Compatibility(),
        .. Cluster(),
        .. Audit(),
        .. Ours(),
    ];

    public static OptionSpec? Find(string name) =>
        All.FirstOrDefault(o => o.Long == name || (name.Length == 1 && o.Short == name[0]));

    private static IEnumerable<OptionSpec> Listening() =>
    [
        OptionSpec.Value('P', "protocol", "PROTOCOL[,PROTOCOL...]", "POP3, POP3S, IMAP4, IMAP4S or MANAGESIEVE; several (comma separated) run one listener each",
            (b, v) => OptionValues.Protocols(v, p => { b.Protocols = p; b.ProtocolsGiven = true; })),
        OptionSpec.Value('l', "listen_port", "PORT[,PORT...]", "port to listen on, one per protocol (default 110, 995, 143, 993, 4190)",
            (b, v) => OptionValues.Ports(v, p => b.ListenPorts = p)),
        OptionSpec.Value('b', "bind_address", "SERVER[,SERVER...]", "addresses (and ports) to listen on; default all addresses",
            (b, v) => OptionValues.Servers(v, s => b.BindAddresses = s)),
        OptionSpec.Value('L', "connection_limit", "LIMIT", "most connections open at once in the whole cluster; 0 for no limit",
            (b, v) => OptionValues.Int(v, 0, n => b.ConnectionLimit = n)),
        OptionSpec.Flag(null, "tcp_keepalive", "TCP keep-alive on client and server connections", b => b.TcpKeepAlive = true),
    ];

    private static IEnumerable<OptionSpec> Routing() =>
    [
        OptionSpec.Value('M', "map_library", "NAME", "user map: popmap (gdbm, bdb), posix_regex, postgresql, sqlite, or \"\" for none; perdition's libperditiondb_*.so paths name the same",
            (b, v) => { b.MapLibrary = v; return null; }),
        OptionSpec.Value('m', "map_library_opt", "STRING", "the map's option, e.g. its file (perditiondb(5))",
            (b, v) => { b.MapOption = v; b.MapOptionGiven = true; return null; }),
        OptionSpec.Value('s', "outgoing_server", "SERVER[,SERVER...]", "server(s) for users the map does not know, round robin",
            (b, v) => OptionValues.Servers(v, s => b.OutgoingServers = s)),
        OptionSpec.Value('p', "outgoing_port", "PORT[,PORT...]", "real-server port when a route names none; one per protocol with several -P",
            (b, v) => OptionValues.Ports(v, p => b.OutgoingPorts = p)),
    ];

    private static IEnumerable<OptionSpec> Usernames() =>
    [
        OptionSpec.Value('S', "strip_domain", "STATE[,STATE...]", "strip <delimiter>domain in these states",
            (b, v) => OptionValues.States(v, s => b.Username with { StripDomain = s }, b)),
        OptionSpec.Value(null, "lower_case", "STATE[,STATE...]", "lower-case the user name in these states",
            (b, v) => OptionValues.States(v, s => b.Username with { LowerCase = s }, b)),
        OptionSpec.Value('A', "add_domain", "STATE[,STATE...][,DEPTH]", "append the domain of the address connected to",
            (b, v) =>
            {
                if (!UsernameStateList.TryParseWithStripDepth(v, out var states, out var depth, out var error))
                {
                    return error;
                }
                b.Username = b.Username with { AddDomain = states, AddDomainStripDepth = depth };
                return null;
            }),
        OptionSpec.Value('e', "explicit_domain", "DOMAIN", "the domain --add_domain appends",
            (b, v) => { b.Username = b.Username with { ExplicitDomain = v.Length == 0 ? null : v }; return null; }),
        OptionSpec.Value('D', "domain_delimiter", "STRING", "delimiter between user and domain (default @)",
            (b, v) => v.Length == 0 ? "must not be empty" : Set(() => b.Username = b.Username with { DomainDelimiter = v })),
        OptionSpec.Value(null, "query_key", "FORMAT[,FORMAT...]", "keys to look up, with \\U \\u \\D \\d \\i \\I \\p \\P \\\\",
            (b, v) => QueryKey.TryParseList(v, out var keys, out var error) ? Set(() => b.Username = b.Username with { QueryKeys = keys }) : error),
        OptionSpec.Flag('U', "username_from_database", "log in with the user name of a user@host map entry",
            b => b.Username = b.Username with { UsernameFromDatabase = true }),
        OptionSpec.Flag('c', "client_server_specification", "let a client name its server as user@host[:port], only hosts on --client_server_allow",
            b => b.Username = b.Username with { ClientServerSpecification = true }),
    ];

    private static IEnumerable<OptionSpec> Behaviour() =>
    [
        OptionSpec.Value('t', "timeout", "SECONDS", "idle timeout after login; 0 for none (default 1800)",
            (b, v) => OptionValues.Seconds(v, t => b.Timeout = t)),
        OptionSpec.Value(null, "authenticate_timeout", "SECONDS", "time allowed to log in; 0 for none (default 1800)",
            (b, v) => OptionValues.Seconds(v, t => b.AuthenticateTimeout = t)),
        OptionSpec.Value('O', "ok_line", "STRING", "text of our OK after a successful login instead of the server's",
            (b, v) => { b.OkLine = v; return null; }),
        OptionSpec.Flag('o', "server_resp_line", "send the server's own reply after login (our default)", b => b.OkLine = null),
        OptionSpec.Flag(null, "server_ok_line", "deprecated name of --server_resp_line", b => b.OkLine = null),
        OptionSpec.Value(null, "pop_capability", "STRING", "POP3 capabilities before login, '.' separated",
            (b, v) => { b.PopCapability = v; return null; }),
        OptionSpec.Value(null, "imap_capability", "STRING", "IMAP4 capabilities before login, space separated",
            (b, v) => { b.ImapCapability = v; return null; }),
        OptionSpec.Value(null, "managesieve_capability", "STRING", "ManageSieve capabilities, quoted, separated by two spaces",
            (b, v) => { b.ManageSieveCapability = v; return null; }),
        OptionSpec.Value('I', "capability", "STRING", "deprecated: sets --pop_capability and --imap_capability",
            (b, v) => { b.PopCapability = v; b.ImapCapability = v; return null; }),
        OptionSpec.Flag(null, "login_disabled", "refuse all logins (LOGINDISABLED in IMAP)", b => b.LoginDisabled = true),
    ];

    private static IEnumerable<OptionSpec> Logging() =>
    [
        OptionSpec.Value('F', "log_facility", "FACILITY", "syslog facility, /file, - for stdout or + for stderr (default mail)",
            (b, v) => v.Length == 0 ? "must not be empty" : Set(() => b.LogFacility = v)),
        OptionSpec.Value(null, "log_passwd", "STATE", "never, fail, ok or always; needs -d",
            (b, v) => OptionValues.PasswordLogging(v, p => b.LogPassword = p)),
        OptionSpec.Flag('q', "quiet", "log errors only", b => b.Quiet = true),
        OptionSpec.Flag('d', "debug", "verbose logging", b => b.Debug = true),
        OptionSpec.Value(null, "pid_file", "FILENAME", "write our process id here; \"\" for none",
            (b, v) => { b.PidFile = v.Length == 0 ? null : v; return null; }),
    ];

    private static IEnumerable<OptionSpec> Compatibility() =>
    [
        OptionSpec.Flag(null, "no_daemon", "accepted: we always run in the foreground", _ => { }),
        OptionSpec.Ignored('u', "username", "USER", "run the proxy as the user you want it to be (e.g. systemd User=)"),
        OptionSpec.Ignored('g', "group", "GROUP", "run the proxy as the group you want it to be (e.g. systemd Group=)"),
        OptionSpec.Ignored('B', "no_bind_banner", null, "the greeting always names this host"),
        OptionSpec.Ignored('n', "no_lookup", null, "map values are resolved when they are host names, as they must be"),
        OptionSpec.Ignored('C', "connection_logging", null, "-d logs the login dialogue"),
        OptionSpec.Unsupported('i', "inetd_mode", null, "run it as a standing service; one process serves every connection"),
        OptionSpec.Unsupported('a', "authenticate_in", null, "local PAM authentication before the real server is asked"),
    ];

    private static IEnumerable<OptionSpec> Ours() =>
    [
        OptionSpec.Value('f', "config_file", "FILENAME", "perdition's configuration file",
            (b, v) => { b.ConfigFile = v; return null; }),
        OptionSpec.Value(null, "config", "FILE.conf", "our HOCON configuration (cluster, tuning), over the embedded defaults",
            (b, v) => { b.HoconFile = v; return null; }),
        OptionSpec.Value(null, "client_server_allow", "HOST[:PORT|:*][,...]", "servers a client may name with --client_server_specification",
            (b, v) => AllowList(b, v)),
        OptionSpec.Flag('h', "help", "show this help", b => b.HelpRequested = true),
    ];

    private static string? AllowList(OptionsDraft b, string text)
    {
        var allowed = new List<AllowedServer>();
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!AllowedServer.TryParse(item, out var server))
            {
                return $"'{item}' is not host, host:port or host:*";
            }
            allowed.Add(server!);
        }
        b.Username = b.Username with { ClientServerAllowList = allowed };
        return null;
    }

    private static string? Set(Action set)
    {
        set();
        return null;
    }
}
