using System.Net;

namespace ActorMailProxy.Routing.Limits;

/// <summary>What a connection asks the cluster-wide limits for; the settings decide which keys that takes.</summary>
public abstract record AdmissionRequest
{
    private AdmissionRequest() { }

    /// <summary>A connection just accepted: a place in the total and one for its client's address.</summary>
    public sealed record Connection(IPAddress Client) : AdmissionRequest;

    /// <summary>A login whose server is known: a place for the user the backend will be given.</summary>
    public sealed record User(string Name, IPAddress Client) : AdmissionRequest;
}
