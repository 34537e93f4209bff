namespace ActorMailProxy.Routing;

/// <summary>A server as perdition writes it: <c>host[:port]</c>; IPv6 literals in brackets (<c>[::1]:143</c>).</summary>
public sealed record HostPort(string Host, int? Port)
{
    public int PortOr(int fallback) => Port ?? fallback;

    public override string ToString() => Port is { } p
        ? (Host.Contains(':') ? $"[{Host}]:{p}" : $"{Host}:{p}")
        : Host;
}
