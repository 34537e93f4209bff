using System.Runtime.CompilerServices;
using Akka.Actor;
using Event = ActorMailProxy.Gateway.Connections.ConnectionEvent;

namespace ActorMailProxy.Gateway.Connections;

/// <summary>
/// The one read a connection keeps outstanding before login. Its outcome always comes to the actor as a message,
/// even when the bytes were already there, so a client streaming commands cannot starve the mailbox; one object per
/// connection carries every read, where a task per read and a continuation to pipe it would cost each time.
/// </summary>
internal sealed class ClientReads
{
    private readonly IActorRef _actor;
    private readonly Action _completed;
    private ConfiguredValueTaskAwaitable<int>.ConfiguredValueTaskAwaiter _read;

    public ClientReads(IActorRef actor)
    {
        _actor = actor;
        _completed = Completed;
    }

    public void Start(Stream stream, Memory<byte> into, CancellationToken cancellationToken)
    {
        try
        {
            _read = stream.ReadAsync(into, cancellationToken).ConfigureAwait(false).GetAwaiter();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            _actor.Tell(new Event.ReadFailed(e.Message));
            return;
        }
        if (_read.IsCompleted)
        {
            Completed();
            return;
        }
        _read.UnsafeOnCompleted(_completed);
    }

    private void Completed()
    {
        ConnectionEvent outcome;
        try
        {
            outcome = new Event.Received(_read.GetResult());
        }
        catch (Exception e)
        {
            outcome = new Event.ReadFailed(e.GetBaseException().Message);
        }
        _read = default;
        _actor.Tell(outcome);
    }
}
