using Akka.Actor;
using ActorMailProxy.Gateway.Options;

namespace ActorMailProxy.Gateway.Operator;

/// <summary>How a node is named to the operator: host:port for our own system's addresses, the whole address otherwise.</summary>
internal static class NodeName
{
    public static string Of(string address)
    {
        try
        {
            var parsed = Address.Parse(address);
            return parsed.System == ClusterSystem.Name && parsed.Host is { } host && parsed.Port is { } port ? $"{host}:{port}" : address;
        }
        catch (UriFormatException)
        {
            return address;
        }
    }
}
