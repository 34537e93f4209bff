# Build and run ActorMailProxy. The image listens on 110/143/4190; options go after the image name.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Gateway -c Release -o /app

FROM mcr.microsoft.com/dotnet/runtime:10.0
WORKDIR /app
COPY --from=build /app .
COPY hocon /etc/actormailproxy
EXPOSE 110 143 4190
ENTRYPOINT ["dotnet", "/app/actormailproxy.dll"]
CMD ["--config", "/etc/actormailproxy/single-node.conf", "-P", "POP3,IMAP4,MANAGESIEVE", "-l", "110,143,4190", "-F", "-"]
