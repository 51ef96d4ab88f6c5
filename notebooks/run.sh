#!/usr/bin/env bash
# Executes every notebook in this folder headless with Debian's Jupyter, against the demo folder in
# $FRAUDGRAPH_DEMO (default: the repo's demo/). Outputs go to a temporary folder, never into the repo.
# Prints one line per notebook, "notebook NAME: passed|failed", and exits non-zero if any failed.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export FRAUDGRAPH_DEMO="$(cd "${FRAUDGRAPH_DEMO:-$here/../demo}" 2>/dev/null && pwd || echo "${FRAUDGRAPH_DEMO:-$here/../demo}")"
export MPLBACKEND=Agg PYDEVD_DISABLE_FILE_VALIDATION=1
# Keep the kernel on Debian's interpreter: no user site-packages or PYTHONPATH from another Python.
unset PYTHONPATH PYTHONHOME
export PYTHONNOUSERSITE=1
JUPYTER="${JUPYTER:-/usr/bin/jupyter}"
# The C# notebook's kernel (dotnet-interactive, a local tool of this repo) is registered from kernels/ here: it binds
# its side ports to localhost only, unlike the kernelspec 'dotnet interactive jupyter install' writes.
export JUPYTER_PATH="$here${JUPYTER_PATH:+:$JUPYTER_PATH}"
outdir="$(mktemp -d)"
trap 'rm -rf "$outdir"' EXIT

failed=0
for nb in "$here"/*.ipynb; do
  [ -e "$nb" ] || continue
  name="$(basename "$nb" .ipynb)"
  if "$JUPYTER" nbconvert --to notebook --execute --ExecutePreprocessor.timeout=600 \
       --output-dir "$outdir" "$nb" >"$outdir/$name.log" 2>&1; then
    echo "notebook $name: passed"
  else
    echo "notebook $name: failed"
    tail -n 40 "$outdir/$name.log" | sed "s/^/  $name| /" >&2
    failed=$((failed + 1))
  fi
done
exit $(( failed > 0 ? 1 : 0 ))
