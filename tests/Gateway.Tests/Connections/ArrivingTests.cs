using Akka.Actor;
using ActorMailProxy.Gateway.Connections;

namespace ActorMailProxy.Gateway.Tests.Connections;

/// <summary>A TLS stream or backend session on its way to a connection's actor is closed if the connection ends first.</summary>
public sealed class ArrivingTests
{
    [Fact]
    public void What_arrives_after_the_connection_ended_is_closed_at_once()
    {
        var arriving = new Arriving();
        arriving.Dispose();
        var session = new Session();
        Pipe(arriving, session);
        Assert.True(session.Closed);
    }

    [Fact]
    public void What_arrived_but_was_not_taken_is_closed_when_the_connection_ends()
    {
        var arriving = new Arriving();
        var session = new Session();
        Pipe(arriving, session);
        Assert.False(session.Closed);
        arriving.Dispose();
        Assert.True(session.Closed);
    }

    [Fact]
    public void What_the_actor_took_is_left_to_the_connection()
    {
        var arriving = new Arriving();
        var session = new Session();
        Pipe(arriving, session);
        arriving.Taken();
        arriving.Dispose();
        Assert.False(session.Closed);
    }

    [Fact]
    public void A_failure_carries_nothing_and_is_still_told()
    {
        var arriving = new Arriving();
        Exception? told = null;
        arriving.Pipe(Task.FromException<Session>(new IOException("reset")), ActorRefs.Nobody, s => s, s => s, e => told = e);
        Assert.Equal("reset", told?.Message);
        arriving.Dispose();
    }

    private static void Pipe(Arriving arriving, Session session) =>
        arriving.Pipe(Task.FromResult(session), ActorRefs.Nobody, carried: s => s, success: s => s, failure: e => e);

    private sealed class Session : IDisposable
    {
        public bool Closed { get; private set; }

        public void Dispose() => Closed = true;
    }
}
