#!/usr/bin/env python3
"""Independent reference values for bcgraph's centrality measures.

Reads the edge lists that `go test ./graph -run TestCentralityMatchesNetworkX -update`
writes (projection.edges: the province-level projection; links.edges: the
entity-level link graph), computes betweenness and PageRank with NetworkX, and
writes networkx.json. Run it whenever those edge files change:

    pip install networkx numpy scipy
    python3 graph/testdata/nx_reference.py

Conventions (the ones bcgraph documents): betweenness_centrality(normalized=False),
which counts each unordered pair once; pagerank(alpha=0.85) on the undirected
graph, which NetworkX treats as each edge both ways.
"""
import json, os
import networkx as nx

here = os.path.dirname(os.path.abspath(__file__))

def read(name):
    g = nx.Graph()
    for line in open(os.path.join(here, name), encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if parts[0] == "node":
            g.add_node(parts[1])
        else:
            g.add_edge(parts[0], parts[1])
    return g

out = {"networkx": nx.__version__}
for name in ("projection", "links"):
    g = read(name + ".edges")
    out[name] = {
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "betweenness": nx.betweenness_centrality(g, normalized=False),
        "pagerank": nx.pagerank(g, alpha=0.85, tol=1e-15, max_iter=100000),
    }
with open(os.path.join(here, "networkx.json"), "w", encoding="utf-8") as f:
    json.dump(out, f, indent=1, sort_keys=True)
    f.write("\n")
print("wrote networkx.json:", {k: (v["nodes"], v["edges"]) for k, v in out.items() if k != "networkx"})
