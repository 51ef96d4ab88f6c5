#!/usr/bin/env bash
# CI step for the investigator notebooks (issue 7): installs Debian's Jupyter, pandas, matplotlib and
# networkx when /usr/bin/jupyter lacks them (idempotent), the .NET kernel for the C# notebook (dotnet tool restore,
# issue 14), builds the engine the C# notebook references when it is not built, makes the demo dataset when
# demo/out/rings.csv is missing, then executes every notebook headless via notebooks/run.sh (one
# "notebook NAME: passed|failed" line each; non-zero exit if any failed). Outputs are written to a temporary folder,
# never into the repo.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

packages=(jupyter-nbconvert python3-ipykernel python3-pandas python3-matplotlib python3-networkx)
if ! { [ -x /usr/bin/jupyter ] && /usr/bin/jupyter nbconvert --version >/dev/null 2>&1 \
       && /usr/bin/python3 -c 'import ipykernel, pandas, matplotlib, networkx' >/dev/null 2>&1; }; then
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  echo "notebooks: installing ${packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${packages[@]}" >/dev/null \
    || { echo "notebooks: could not install ${packages[*]}" >&2; exit 1; }
fi

# The .NET kernel for the C# notebook: dotnet-interactive, pinned in dotnet-tools.json (a local tool of this repo).
dotnet tool restore >/dev/null || { echo "notebooks: could not install dotnet-interactive (dotnet tool restore)" >&2; exit 1; }
# The C# notebook references the engine's build output (src/Graph.Cli/bin/Debug); dotnet test has built it in CI.
if [ ! -f src/Graph.Cli/bin/Debug/net10.0/Graph.Analytics.dll ]; then
  dotnet build src/Graph.Cli >/dev/null || { echo "notebooks: could not build src/Graph.Cli" >&2; exit 1; }
fi

export FRAUDGRAPH_DEMO="${FRAUDGRAPH_DEMO:-$PWD/demo}"
if [ ! -f "$FRAUDGRAPH_DEMO/out/rings.csv" ]; then
  echo "notebooks: making the demo dataset in $FRAUDGRAPH_DEMO"
  dotnet run --project src/Graph.Cli -- demo --dir "$FRAUDGRAPH_DEMO" >/dev/null \
    || { echo "notebooks: the demo command failed" >&2; exit 1; }
  [ -f "$FRAUDGRAPH_DEMO/out/rings.csv" ] || { echo "notebooks: the demo made no $FRAUDGRAPH_DEMO/out/rings.csv" >&2; exit 1; }
fi

exec bash notebooks/run.sh
