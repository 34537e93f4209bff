namespace ActorMailProxy.Audit.Events;

/// <summary>Why a login failed, in classes an operator can count.</summary>
public enum LoginFailureClass
{
    /// <summary>The credentials were refused by the backend, or no route exists for the user.</summary>
    Rejected,

    /// <summary>The map source or the backend was down or misbehaved.</summary>
    Unavailable,

    /// <summary>The user already holds every session a limit allows.</summary>
    LimitReached,

    /// <summary>Refused by policy or configuration (login disabled, proxy loop).</summary>
    Refused,
}
