namespace ActorMailProxy.Routing.Maps;

/// <summary>A map source's answer for one key, perdition's <c>dbserver_get</c> result as a type.</summary>
public abstract record MapAnswer
{
    private MapAnswer() { }

    /// <summary>The value as the map holds it: <c>[user&lt;delimiter&gt;]host[:port]</c>.</summary>
    public sealed record Found(string Value) : MapAnswer;

    public sealed record NotFound : MapAnswer
    {
        public static readonly NotFound Instance = new();
    }

    public sealed record Unavailable(string Reason) : MapAnswer;
}
