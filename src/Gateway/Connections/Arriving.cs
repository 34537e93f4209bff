using Akka.Actor;

namespace ActorMailProxy.Gateway.Connections;

/// <summary>
/// What a connection will own once the actor handles the message bringing it (a client TLS stream, a backend
/// session). If the connection ends while that message is on its way, what it carries is closed here when the
/// connection is disposed, not left to the garbage collector with the message in dead letters.
/// </summary>
internal sealed class Arriving : IDisposable
{
    private readonly Lock _gate = new();
    private IDisposable? _carried;
    private bool _ended;

    /// <summary>Tells <paramref name="actor"/> the task's outcome; a success's <paramref name="carried"/> is held until <see cref="Taken"/>.</summary>
    public void Pipe<T>(Task<T> task, IActorRef actor, Func<T, IDisposable?> carried, Func<T, object> success, Func<Exception, object> failure) =>
        task.ContinueWith(
            t => actor.Tell(t.IsCompletedSuccessfully
                ? Hold(carried(t.Result), success(t.Result))
                : failure(t.Exception?.GetBaseException() ?? new OperationCanceledException())),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>The actor has what the message brought: it is the connection's to close from now on.</summary>
    public void Taken()
    {
        lock (_gate)
        {
            _carried = null;
        }
    }

    public void Dispose()
    {
        IDisposable? left;
        lock (_gate)
        {
            _ended = true;
            left = _carried;
            _carried = null;
        }
        left?.Dispose();
    }

    private object Hold(IDisposable? carried, object message)
    {
        lock (_gate)
        {
            if (!_ended)
            {
                _carried = carried;
                return message;
            }
        }
        carried?.Dispose();
        return message;
    }
}
