using ActorMailProxy.Gateway.Hosting;

return await ProxyProgram.RunAsync(args);
