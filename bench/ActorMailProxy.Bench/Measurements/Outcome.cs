namespace ActorMailProxy.Bench.Measurements;

/// <summary>One measurement of one target: its result, or why there is none (the report prints the reason in the cell).</summary>
public sealed record Outcome<T>(T? Value, string? Failure) where T : class
{
    public static Outcome<T> Of(T value) => new(value, null);

    public static Outcome<T> Failed(string reason) => new(null, reason);

    /// <summary>Runs <paramref name="measure"/>; an exception fails this measurement of this target, not the run.</summary>
    public static async Task<Outcome<T>> RunAsync(Func<Task<T>> measure)
    {
        try
        {
            return Of(await measure());
        }
        catch (Exception e)
        {
            return Failed($"{e.GetType().Name}: {e.Message}");
        }
    }
}
