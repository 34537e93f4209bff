using Akka.Actor;
using Akka.Remote.Transport.DotNetty;
using ActorMailProxy.Gateway.Options;
using ActorMailProxy.Gateway.Tls;

namespace ActorMailProxy.Gateway.Operator;

/// <summary>
/// <c>actormailproxy map …</c> and <c>actormailproxy cluster …</c>: find a node through the seeds, send it the
/// command, print its reply. Exit 0 when done, 1 when no node (or not every node) answered, 2 on bad usage.
/// </summary>
public static class AdminProgram
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args) => AdminCommandLine.Parse(args) switch
    {
        AdminParse.Help => Help(),
        AdminParse.Invalid invalid => UsageError(invalid.Errors),
        AdminParse.Run run => await LoadAndRunAsync(run),
        _ => 2,
    };

    /// <summary>The options as a node reads them (--config, -f, MAILPROXY_CLUSTER_*, the command line), for its seeds.</summary>
    private static async Task<int> LoadAndRunAsync(AdminParse.Run run) => OptionsLoader.Load(run.OptionArgs) switch
    {
        LoadResult.Ready ready => await RunAsync(run.Command, ready.Options),
        LoadResult.Invalid invalid => UsageError(invalid.Errors),
        _ => Help(),
    };

    private static async Task<int> RunAsync(AdminCommand command, ProxyOptions options)
    {
        IReadOnlyList<Address> seeds;
        try
        {
            seeds = AdminClient.Seeds(options.Akka);
        }
        catch (UriFormatException e)
        {
            return UsageError([$"akka.cluster.seed-nodes: {e.Message}"]);
        }
        if (seeds.Count == 0)
        {
            return UsageError(["no cluster to ask: give --cluster_seed HOST:PORT[,HOST:PORT...], MAILPROXY_CLUSTER_SEED, or --config FILE.conf with akka.cluster.seed-nodes"]);
        }

        DotNettySslSetup? clusterTls;
        try
        {
            clusterTls = options.ClusterTls is { } files ? ClusterTls.Load(files) : null;
        }
        catch (TlsSetupException e)
        {
            return UsageError([e.Message]);
        }

        await using var client = AdminClient.Start(options.Akka, options.Debug, clusterTls);
        if (await client.FindAsync(seeds, options.Admin.ContactTimeout) is not { } admin)
        {
            await Console.Error.WriteLineAsync($"actormailproxy: no cluster node answered at {string.Join(", ", seeds.Select(s => NodeName.Of(s.ToString())))} "
                + $"within {options.Admin.ContactTimeout.TotalSeconds:0.###} s");
            if (await WhyNoAnswerAsync(seeds, clusterTls is not null, options.Admin.ContactTimeout) is { } why)
            {
                await Console.Error.WriteLineAsync($"actormailproxy: {why}");
            }
            return 1;
        }
        // The node may wait for every member, and for the user map's own bounded ask.
        var replyTimeout = options.Admin.MemberTimeout + options.UserMap.LookupTimeout + TimeSpan.FromSeconds(5);
        if (await client.AskAsync(admin, command.Message, replyTimeout) is not { } reply)
        {
            await Console.Error.WriteLineAsync($"actormailproxy: {NodeName.Of(admin.Path.Address.ToString())} did not answer '{command}' "
                + $"within {replyTimeout.TotalSeconds:0.###} s");
            return 1;
        }
        var (text, exitCode) = AdminOutput.Render(reply);
        await (reply is AdminFailure ? Console.Error : Console.Out).WriteAsync(text);
        return exitCode;
    }

    /// <summary>A node that lets in only the cluster's certificate is the likely reason; said as plainly as can be told.</summary>
    private static async Task<string?> WhyNoAnswerAsync(IReadOnlyList<Address> seeds, bool withTls, TimeSpan timeout)
    {
        if (withTls)
        {
            return "with cluster TLS, a node also stays silent when it refuses our certificate (not from its --cluster_ca_file) "
                + "or we refuse its; -d shows the handshake's errors";
        }
        return await SeedTlsProbe.FirstWithTlsAsync(seeds, timeout) is { } tlsSeed
            ? $"{NodeName.Of(tlsSeed.ToString())} refuses connections without the cluster's certificate: give --cluster_cert_file, "
                + "--cluster_key_file and --cluster_ca_file (or --config with mailproxy.cluster.tls)"
            : null;
    }

    private static int Help() => UsageExit.Help(AdminCommandLine.Usage);

    private static int UsageError(IEnumerable<string> errors) => UsageExit.Error(errors, "Try 'actormailproxy map --help' for the operator commands.");
}
