namespace ActorMailProxy.Bench.Measurements;

/// <summary>
/// Runs one measurement on every target at once, a turn at a time in rotation: on two shared cores a round trip or a
/// download speed drifts over seconds, and turns spread that drift evenly instead of onto whichever target ran last.
/// A session that fails drops out of the rotation with its reason; the others go on.
/// </summary>
public static class InTurns
{
    public static async Task<IReadOnlyList<Outcome<TResult>>> RunAsync<TSession, TResult>(
        IReadOnlyList<TSession> sessions, Func<TSession, Task> open, int turns, Func<TSession, Task> turn, Func<TSession, TResult> result)
        where TSession : IDisposable
        where TResult : class
    {
        var failures = new string?[sessions.Count];
        try
        {
            for (var i = 0; i < sessions.Count; i++)
            {
                var session = sessions[i];
                failures[i] = await FailureOfAsync(() => open(session));
            }
            for (var t = 0; t < turns; t++)
            {
                for (var i = 0; i < sessions.Count; i++)
                {
                    var session = sessions[i];
                    failures[i] ??= await FailureOfAsync(() => turn(session));
                }
            }
            return [.. sessions.Select((s, i) => failures[i] is { } failure ? Outcome<TResult>.Failed(failure) : Outcome<TResult>.Of(result(s)))];
        }
        finally
        {
            foreach (var session in sessions)
            {
                session.Dispose();
            }
        }
    }

    private static async Task<string?> FailureOfAsync(Func<Task> step)
    {
        try
        {
            await step();
            return null;
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }
}
