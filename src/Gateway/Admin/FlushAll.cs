namespace ActorMailProxy.Gateway.Admin;

/// <summary><c>map flush</c>: every node drops every cached answer; the reply is <see cref="AllFlushed"/>.</summary>
public sealed record FlushAll : IAdminMessage
{
    public static readonly FlushAll Instance = new();
}
