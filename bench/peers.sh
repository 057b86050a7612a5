#!/usr/bin/env bash
# bench/peers.sh: bcgraph against NetworkX, igraph and networkit on the same
# graphs, in one run, with a table of times and ratios at the end.
#
#   bench/peers.sh                  # about 10 minutes on 2 cores, most of it NetworkX
#   NX_BETWEENNESS=0 bench/peers.sh # skip NetworkX's betweenness at 10k nodes (4+ minutes)
#   NETWORKIT_27K=0 bench/peers.sh  # skip networkit's betweenness at 27k nodes
#   KEEP=1 bench/peers.sh           # keep the work directory (graphs, venv, outputs)
#
# It builds bcgraph and bench/gen, writes copies of the embedded dataset made
# by graph.Replicate (x37: a 10k-node link graph; x100: 27k) as --seeds
# folders and as edge lists, installs the peers with pip into a throwaway
# virtual environment, and runs bench/peers.py. Run by hand, not in CI.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d "${TMPDIR:-/tmp}/bcgraph-peers.XXXXXX")
if [[ "${KEEP:-0}" == 1 ]]; then
	echo "work directory: $work"
else
	trap 'rm -rf "$work"' EXIT
fi
echo "building bcgraph and bench/gen" >&2
go build -o "$work/bcgraph" ./cmd/bcgraph
go build -o "$work/gen" ./bench/gen
echo "writing the graphs" >&2
"$work/gen" -out "$work" -copies 37,100 >&2
echo "installing networkx, igraph, networkit into a virtual environment" >&2
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check networkx igraph networkit numpy scipy
"$work/venv/bin/python" -c 'import networkx, igraph, networkit; print("networkx", networkx.__version__, "igraph", igraph.__version__, "networkit", networkit.__version__)' >&2
echo "measuring (machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
"$work/venv/bin/python" bench/peers.py report "$work"
