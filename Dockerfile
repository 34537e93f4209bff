# Build and run ActorMailProxy. Options go after the image name; without any, one node on its own serves POP3, IMAP4
# and ManageSieve on 110/143/4190. hocon/ lands in /etc/actormailproxy, so a cluster node runs with
# --config /etc/actormailproxy/cluster-node.conf (see docker-compose.yml).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Gateway -c Release -o /app

FROM mcr.microsoft.com/dotnet/runtime:10.0
WORKDIR /app
COPY --from=build /app .
COPY hocon /etc/actormailproxy
# 110/143/4190: the mail listeners; 2551: the Akka cluster port of hocon/cluster-node.conf.
EXPOSE 110 143 4190 2551
ENTRYPOINT ["dotnet", "/app/actormailproxy.dll"]
# single-node.conf binds to 127.0.0.1, which inside a container nobody else can reach: -b 0.0.0.0 overrides it.
CMD ["--config", "/etc/actormailproxy/single-node.conf", "-P", "POP3,IMAP4,MANAGESIEVE", "-l", "110,143,4190", "-b", "0.0.0.0", "-F", "-"]
