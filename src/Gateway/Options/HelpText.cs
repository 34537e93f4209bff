using System.Text;

namespace ActorMailProxy.Gateway.Options;

/// <summary>--help: every option, perdition's names first.</summary>
public static class HelpText
{
    public static string Render()
    {
        var sb = new StringBuilder();
        sb.AppendLine("actormailproxy - clustered POP3 / IMAP4 / ManageSieve login proxy, perdition compatible");
        sb.AppendLine();
        sb.AppendLine("Usage: actormailproxy [options]");
        sb.AppendLine();
        foreach (var option in OptionTable.All)
        {
            var names = (option.Short is { } s ? $"-{s}, " : "    ") + $"--{option.Long}" + (option.ValueName is { } v ? $" {v}" : "");
            sb.AppendLine($"  {names,-48} {option.Help}");
        }
        sb.AppendLine();
        sb.AppendLine("Options may also be set in perdition's configuration file (-f) as '<name> <value>' lines.");
        sb.AppendLine();
        sb.AppendLine("Operator commands for a running cluster (actormailproxy map --help):");
        sb.AppendLine("  actormailproxy map flush [USER] --cluster_seed HOST:PORT[,...]");
        sb.AppendLine("  actormailproxy cluster status --cluster_seed HOST:PORT[,...]");
        sb.AppendLine();
        sb.AppendLine("Audit log, read from the journal (actormailproxy audit --help):");
        sb.AppendLine("  actormailproxy audit tail [-n N] [--follow] [--json] --journal sqlite:PATH|postgres:CONNECTION_STRING");
        sb.AppendLine("  actormailproxy audit query [--user USER] [--ip ADDRESS] [--since TIME] [--json] --journal ...");
        sb.AppendLine("  actormailproxy audit prune --before DATE --journal ...");
        return sb.ToString();
    }
}
