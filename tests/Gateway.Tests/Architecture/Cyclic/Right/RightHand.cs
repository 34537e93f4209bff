using ActorMailProxy.Gateway.Tests.Architecture.Cyclic.Left;

namespace ActorMailProxy.Gateway.Tests.Architecture.Cyclic.Right;

/// <summary>Fixture: imports Left only inside a method body, closing a circle with <see cref="LeftHand"/>.</summary>
public sealed class RightHand
{
    public object Mirror() => new LeftHand();
}
