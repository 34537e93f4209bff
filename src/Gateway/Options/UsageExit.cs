namespace ActorMailProxy.Gateway.Options;

/// <summary>How the operator commands end on help and on bad usage: the text, and exit code 0 or 2.</summary>
internal static class UsageExit
{
    public static int Help(string usage)
    {
        Console.Out.Write(usage);
        return 0;
    }

    /// <summary>Every error on its own line, then <paramref name="hint"/> (where to find the usage).</summary>
    public static int Error(IEnumerable<string> errors, string hint)
    {
        foreach (var error in errors)
        {
            Console.Error.WriteLine($"actormailproxy: {error}");
        }
        Console.Error.WriteLine(hint);
        return 2;
    }
}
