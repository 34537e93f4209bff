namespace ActorMailProxy.Routing.Usernames;

/// <summary>Parses perdition's state lists: <c>servername_lookup,remote_login</c>, <c>all</c>, <c>all,2</c>.</summary>
public static class UsernameStateList
{
    /// <summary>Default leading-label strip depth of <c>--add_domain</c>, "for compatibility reasons" 1 in perdition.</summary>
    public const int DefaultStripDepth = 1;

    /// <summary>A list for <c>--strip_domain</c> or <c>--lower_case</c>; an empty text is no state.</summary>
    public static bool TryParse(string? text, out UsernameStates states, out string? error) =>
        TryParse(text, allowDepth: false, out states, out _, out error);

    /// <summary>
    /// A list for <c>--add_domain</c>: states plus an optional number, the strip depth. Like perdition, the number
    /// may stand anywhere in the list and the last one wins.
    /// </summary>
    public static bool TryParseWithStripDepth(string? text, out UsernameStates states, out int stripDepth, out string? error) =>
        TryParse(text, allowDepth: true, out states, out stripDepth, out error);

    private static bool TryParse(string? text, bool allowDepth, out UsernameStates states, out int stripDepth, out string? error)
    {
        states = UsernameStates.None;
        stripDepth = DefaultStripDepth;
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        var unknown = new List<string>();
        foreach (var item in text.Split(','))
        {
            if (allowDepth && item.Length > 0 && item.All(char.IsAsciiDigit) && int.TryParse(item, out var depth))
            {
                stripDepth = depth;
            }
            else if (StateNamed(item) is { } state)
            {
                states |= state;
            }
            else
            {
                unknown.Add($"\"{item}\"");
            }
        }

        if (unknown.Count > 0)
        {
            error = $"unknown state {string.Join(", ", unknown)} in \"{text}\"; expected servername_lookup, " +
                    "local_authentication, remote_login or all" + (allowDepth ? ", optionally with a strip depth" : "");
        }

        return unknown.Count == 0;
    }

    private static UsernameStates? StateNamed(string name) => name.ToLowerInvariant() switch
    {
        "all" => UsernameStates.All,
        "servername_lookup" or "server_lookup" => UsernameStates.ServernameLookup,
        "local_authentication" or "local_auth" => UsernameStates.LocalAuthentication,
        "remote_login" => UsernameStates.RemoteLogin,
        _ => null,
    };
}
