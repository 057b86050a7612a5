#!/usr/bin/env python3
"""NetworkX reference values for bcgraph's own betweenness and PageRank code
on a generated graph (generated.edges), independent of the dataset.

`go test ./graph -run TestMeasuresMatchNetworkXOnAGeneratedGraph -update` writes
generated.edges; this script writes generated.json from it:

    pip install networkx numpy scipy
    python3 graph/testdata/nx_generated.py

Conventions as in nx_reference.py: betweenness_centrality(normalized=False),
pagerank(alpha=0.85) on the undirected graph (each edge both ways; isolated
nodes are dangling and spread uniformly).
"""
import json, os
import networkx as nx

here = os.path.dirname(os.path.abspath(__file__))
g = nx.Graph()
for line in open(os.path.join(here, "generated.edges"), encoding="utf-8"):
    line = line.rstrip("\n")
    if not line or line.startswith("#"):
        continue
    parts = line.split("\t")
    if parts[0] == "node":
        g.add_node(int(parts[1]))
    else:
        g.add_edge(int(parts[0]), int(parts[1]))
bet = nx.betweenness_centrality(g, normalized=False)
pr = nx.pagerank(g, alpha=0.85, tol=1e-15, max_iter=100000)
n = g.number_of_nodes()
out = {
    "networkx": nx.__version__,
    "nodes": n,
    "edges": g.number_of_edges(),
    "betweenness": [bet[v] for v in range(n)],
    "pagerank": [pr[v] for v in range(n)],
}
with open(os.path.join(here, "generated.json"), "w", encoding="utf-8") as f:
    json.dump(out, f, indent=0)
    f.write("\n")
print("wrote generated.json:", out["nodes"], "nodes,", out["edges"], "edges")
