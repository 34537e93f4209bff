namespace ActorMailProxy.Gateway.Admin;

/// <summary>Marks the operator commands' messages, so one serializer binding (reference.conf) covers them all.</summary>
public interface IAdminMessage;
