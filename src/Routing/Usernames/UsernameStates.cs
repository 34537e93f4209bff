namespace ActorMailProxy.Routing.Usernames;

/// <summary>The moments at which perdition may rewrite a user name (<c>--strip_domain</c>, <c>--lower_case</c>, <c>--add_domain</c>).</summary>
[Flags]
public enum UsernameStates
{
    None = 0,

    /// <summary>The name used to look the user up in the map.</summary>
    ServernameLookup = 1,

    /// <summary>The name used for perdition's own (PAM) authentication.</summary>
    LocalAuthentication = 2,

    /// <summary>The name sent to the real server.</summary>
    RemoteLogin = 4,

    All = ServernameLookup | LocalAuthentication | RemoteLogin,
}
