namespace ActorMailProxy.Gateway.Admin;

/// <summary>Which Up members acknowledged <see cref="FlushNode"/> in time, and which did not (their caches may still hold answers).</summary>
public sealed record AllFlushed(IReadOnlyList<string> Answered, IReadOnlyList<string> Silent) : IAdminMessage
{
    public bool Complete => Silent.Count == 0;
}
