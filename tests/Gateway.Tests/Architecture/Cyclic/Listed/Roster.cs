using ActorMailProxy.Gateway.Tests.Architecture.Cyclic.Right;

namespace ActorMailProxy.Gateway.Tests.Architecture.Cyclic.Listed;

/// <summary>Fixture: imports Right only as a generic argument inside a method body.</summary>
public sealed class Roster
{
    public int Count() => new List<RightHand>().Count;
}
