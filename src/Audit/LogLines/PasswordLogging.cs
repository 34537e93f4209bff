namespace ActorMailProxy.Audit.LogLines;

/// <summary><c>--log_passwd</c>: when a password may appear in an Auth line (and only with <c>-d</c>, as perdition does).</summary>
public enum PasswordLogging
{
    Never,
    Fail,
    Ok,
    Always,
}
