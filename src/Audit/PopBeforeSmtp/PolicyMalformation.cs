namespace ActorMailProxy.Audit.PopBeforeSmtp;

/// <summary>Why a policy request was refused; Postfix's protocol answers none of these, it only closes the connection.</summary>
public enum PolicyMalformation
{
    /// <summary>A line that is neither empty nor <c>name=value</c>.</summary>
    LineWithoutEquals,

    /// <summary>A line starting with <c>=</c>.</summary>
    EmptyName,

    /// <summary>An attribute named twice in one request: which client address would count is ambiguous.</summary>
    DuplicateName,

    /// <summary>More than <see cref="PolicyRequestReader.MaxLineBytes"/> bytes before the line's LF.</summary>
    LineTooLong,

    /// <summary>More than <see cref="PolicyRequestReader.MaxAttributes"/> attributes before the empty line.</summary>
    TooManyAttributes,

    /// <summary>A line that is not valid UTF-8.</summary>
    InvalidUtf8,
}
