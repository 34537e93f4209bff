using ActorMailProxy.Gateway.Options;

namespace ActorMailProxy.Gateway.Operator;

/// <summary>What the command line asked for: an operator command with its options, help, or a usage error (exit 2).</summary>
public abstract record AdminParse
{
    private AdminParse() { }

    /// <param name="OptionArgs">The options after the command words, in perdition's syntax, for <see cref="OptionsLoader"/>.</param>
    public sealed record Run(AdminCommand Command, IReadOnlyList<string> OptionArgs) : AdminParse;

    public sealed record Help : AdminParse;

    public sealed record Invalid(IReadOnlyList<string> Errors) : AdminParse;
}

/// <summary>
/// <c>actormailproxy map flush [USER] [options]</c> and <c>actormailproxy cluster status [options]</c>: the command
/// words come first, then the few options that say how to reach the cluster, spelt as for the proxy itself.
/// </summary>
public static class AdminCommandLine
{
    /// <summary>The options that find the cluster (and -d, which shows remoting's own warnings).</summary>
    private static readonly HashSet<string> Allowed =
        ["cluster_seed", "cluster_host", "cluster_cert_file", "cluster_key_file", "cluster_ca_file", "config", "config_file", "debug", "help"];

    public const string Usage = """
        Usage: actormailproxy map flush [USER] [options]
               actormailproxy cluster status [options]
               actormailproxy cluster limit KEY [options]
               actormailproxy cluster last-login USER [options]

          map flush USER    drop the cached user-map answer for the map key USER, wherever in the cluster it is kept
          map flush         every node drops every cached user-map answer; lists the nodes that did
          cluster status    members (status, roles, leader, oldest, unreachable) and each node's open connections
          cluster limit KEY places held under a limit key (total, ip:ADDRESS, user:NAME) and the node keeping them
          cluster last-login USER
                            the user's latest successful login anywhere in the cluster (name given or mapped to):
                            when, from which address, through which node, to which backend

        The cluster is found from its seed nodes, as the nodes themselves find it:
          --cluster_seed HOST:PORT[,HOST:PORT...]   (or MAILPROXY_CLUSTER_SEED)
          --config FILE.conf                        its akka.cluster.seed-nodes
          -f, --config_file FILE                    perdition's configuration file, for cluster_seed
          --cluster_host ADDRESS                    the address to answer on (default 127.0.0.1)
          --cluster_cert_file FILE, --cluster_key_file FILE, --cluster_ca_file FILE
                                                    a certificate from the cluster's CA, when the nodes run with
                                                    cluster TLS (or mailproxy.cluster.tls in --config)
          -d, --debug                               show remoting's warnings

        Exit codes: 0 done, 1 no node answered (or not every node did), 2 bad usage.

        The audit log is read from the journal, not through a node: actormailproxy audit tail|query (audit --help).

        """;

    /// <summary>Whether <paramref name="args"/> name an operator command rather than options for the proxy.</summary>
    public static bool IsAdminCommand(IReadOnlyList<string> args) => args is ["map" or "cluster", ..];

    public static AdminParse Parse(IReadOnlyList<string> args)
    {
        var words = args.TakeWhile(a => !a.StartsWith('-')).ToList();
        var optionArgs = args.Skip(words.Count).ToList();
        var (uses, errors) = CommandLine.Parse(optionArgs);
        if (uses.Any(u => u.Spec.Long == "help"))
        {
            return new AdminParse.Help();
        }
        var problems = errors.ToList();
        problems.AddRange(uses.Where(u => !Allowed.Contains(u.Spec.Long))
            .Select(u => $"option {u.Spec.DisplayName} does not apply to 'actormailproxy {string.Join(' ', words.Take(2))}'"));
        AdminCommand? command = words switch
        {
            ["map", "flush"] => new AdminCommand.MapFlush(null),
            ["map", "flush", var key] when key.Length > 0 => new AdminCommand.MapFlush(key),
            ["cluster", "status"] => new AdminCommand.ClusterStatus(),
            ["cluster", "limit", var key] when key.Length > 0 => new AdminCommand.ClusterLimit(key),
            ["cluster", "last-login", var user] when user.Length > 0 => new AdminCommand.ClusterLastLogin(user),
            _ => null,
        };
        if (command is null)
        {
            problems.Insert(0, $"unknown command '{string.Join(' ', words)}'; expected 'map flush [USER]', 'cluster status', 'cluster limit KEY' or 'cluster last-login USER'");
        }
        return problems.Count > 0 ? new AdminParse.Invalid(problems) : new AdminParse.Run(command!, optionArgs);
    }
}
