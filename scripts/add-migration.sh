#!/usr/bin/env bash
# Adds one migration named $2 to feature library $1 (Crypto, Workspaces, Ingest, Jobs, Firewall, …) for both providers.
# Each feature keeps provider-specific migrations because column types and identity columns differ.
set -euo pipefail
cd "$(dirname "$0")/.."
feature=$1 name=$2
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  dotnet tool run dotnet-ef migrations add "$name" \
    --project "src/Waymark.$feature" --startup-project src/Waymark \
    --context "${provider}${feature}DbContext" --output-dir "Schema/Migrations/$provider" --namespace "Waymark.$feature.Schema.Migrations.$provider"
  # EF writes the snapshot under a folder named after --namespace; keep it beside its migrations.
  stray="src/Waymark.$feature/Waymark"
  if [ -d "$stray" ]; then
    mv "$stray/$feature/Schema/Migrations/$provider/"*.cs "src/Waymark.$feature/Schema/Migrations/$provider/"
    rm -rf "$stray"
  fi
done
