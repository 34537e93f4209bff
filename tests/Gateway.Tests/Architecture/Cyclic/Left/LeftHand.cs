using ActorMailProxy.Gateway.Tests.Architecture.Cyclic.Right;

namespace ActorMailProxy.Gateway.Tests.Architecture.Cyclic.Left;

/// <summary>Fixture: imports Right only through a field's type.</summary>
public sealed class LeftHand
{
    public RightHand? Partner;
}
