# The Chronology worker (async projections, imports, rebuilds). Built from the repository root:
# docker build -f deploy/docker/worker.Dockerfile . (deploy/docker-compose.yml does so.) Not built on the development
# machine, which has no Docker engine.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/ src/
# For the platform built (BuildKit sets TARGETARCH; amd64 without it), so the worker is published ReadyToRun
# (Chronology.Worker.csproj).
ARG TARGETARCH
RUN dotnet publish src/Chronology.Worker/Chronology.Worker.csproj -c Release -a ${TARGETARCH:-amd64} --self-contained false -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
# The worker listens only for its health and metrics endpoints.
ENV ASPNETCORE_URLS=http://+:8081
EXPOSE 8081
USER app
ENTRYPOINT ["dotnet", "Chronology.Worker.dll"]
