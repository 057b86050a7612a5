#!/usr/bin/env python3
"""bcgraph against NetworkX, igraph and networkit, on the same graphs, in one run.

bench/peers.sh prepares a work directory (bcgraph and bench/gen built, the
graphs written by `gen -out`, a virtual environment with the peers) and runs

    python peers.py report WORK

which times every figure of issue 12 for bcgraph and its peers, checks that
their answers agree, and prints a table of times and ratios. The other modes
are the peers' whole processes, run (and timed) as subprocesses:

    python peers.py betweenness TOOL EDGES OUT    TOOL: networkx, igraph, networkit
    python peers.py path CHAINS FROM TO           NetworkX all_shortest_paths under the path rule, as a script

Times are wall-clock seconds: whole processes where the table says so (the
peer's interpreter start-up and imports included, as bcgraph's start-up is),
otherwise the best of several in-process runs after a warm-up. The machine is
shared: expect noise, and read the ratios, which are measured side by side.
"""
import glob
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


def read_edges(path):
    """Node ids and integer edges of a gen edge list ("node\tID" lines, then "A\tB")."""
    names, index, edges = [], {}, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            a, b = line.rstrip("\n").split("\t")
            if a == "node":
                index[b] = len(names)
                names.append(b)
            else:
                edges.append((index[a], index[b]))
    return names, edges


def betweenness(tool, edges_path, out):
    names, edges = read_edges(edges_path)
    if tool == "networkx":
        import networkx as nx
        g = nx.Graph()
        g.add_nodes_from(range(len(names)))
        g.add_edges_from(edges)
        b = nx.betweenness_centrality(g, normalized=False)
        values = [b[i] for i in range(len(names))]
    elif tool == "igraph":
        import igraph as ig
        g = ig.Graph(n=len(names), edges=edges)
        values = g.betweenness(directed=False)
    elif tool == "networkit":
        import networkit as nk
        nk.engineering.setNumberOfThreads(os.cpu_count() or 1)
        g = nk.Graph(len(names))
        for a, b in edges:
            g.addEdge(a, b)
        values = nk.centrality.Betweenness(g, normalized=False).run().scores()
    else:
        raise SystemExit("unknown tool " + tool)
    with open(out, "w", encoding="utf-8") as f:
        json.dump(dict(zip(names, values)), f)


# The path rule of graph/chains.go: a chain may descend from its start into
# what lies in it, cross by cooperation, then climb to its end's place. A
# state is (entity, phase); NEXT[phase][move] is the phase a move leads to,
# absent where the rule forbids it.
NEXT = {0: {"down": 1, "cross": 2, "up": 3}, 1: {"down": 1, "cross": 2}, 2: {"cross": 2, "up": 3}, 3: {"up": 3}}
END = ("", -1)  # the sink every state of a query's end leads to


def read_steps(path):
    """Entity ids and (a, b, kind) triples of a gen chains.tsv: kind "up" where a lies in b, else "cross"."""
    names, steps = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if parts[0] == "node":
                names.append(parts[1])
            else:
                steps.append(tuple(parts))
    return names, steps


def layered(steps):
    """The directed graph of (entity, phase) states the rule allows: its paths from (start, 0) are the chains."""
    import networkx as nx
    g = nx.DiGraph()
    for a, b, kind in steps:
        moves = ((a, b, "cross"), (b, a, "cross")) if kind == "cross" else ((a, b, "up"), (b, a, "down"))
        for x, y, m in moves:
            for p, nxt in NEXT.items():
                if m in nxt:
                    g.add_edge((x, p), (y, nxt[m]))
    return g


def chains(g, s, t, k=None):
    """NetworkX's answer to `bcgraph path S T` (with k: --k K) on the layered graph: every shortest chain of
    entities, or the k shortest loopless ones — state paths to t's sink, read as entities, each chain once."""
    import networkx as nx
    ends = [(t, p) for p in (1, 2, 3) if (t, p) in g]
    g.add_edges_from((e, END) for e in ends)
    try:
        if k is None:
            return sorted({tuple(x for x, _ in p[:-1]) for p in nx.all_shortest_paths(g, (s, 0), END)})
        out, seen = [], set()
        for p in nx.shortest_simple_paths(g, (s, 0), END):
            c = tuple(x for x, _ in p[:-1])
            if c not in seen and len(set(c)) == len(c):
                seen.add(c)
                out.append(c)
                if len(out) == k:
                    break
        return out
    finally:
        g.remove_node(END)


def path_script(steps_path, s, t):
    """`bcgraph path S T` as a NetworkX script: read the ties, build the layered graph, print every shortest chain."""
    _, steps = read_steps(steps_path)
    for c in chains(layered(steps), s, t):
        print(" - ".join(c))


TIME = "/usr/bin/time"  # GNU time: peak RSS of exactly the command it runs


def timed(cmd, env=None, rss=False):
    """Runs cmd to completion; returns its wall time and output (and, with rss,
    its peak resident set in MB, or None without GNU time)."""
    measure = rss and os.path.exists(TIME)
    with tempfile.NamedTemporaryFile() as peak:
        full = [TIME, "-f", "%M", "-o", peak.name] + cmd if measure else cmd
        start = time.perf_counter()
        r = subprocess.run(full, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        took = time.perf_counter() - start
        if r.returncode != 0:
            raise SystemExit("%s failed (%d): %s" % (" ".join(cmd), r.returncode, r.stderr.decode()[-2000:]))
        if not rss:
            return took, r.stdout
        mb = int(open(peak.name).read().split()[-1]) / 1024 if measure else None
        return took, r.stdout, mb


def mbs(mb):
    return "n/a (no %s)" % TIME if mb is None else "%.0f MB" % mb


def best(f, runs=5):
    f()
    b, out = None, None
    for _ in range(runs):
        start = time.perf_counter()
        out = f()
        took = time.perf_counter() - start
        b = took if b is None else min(b, took)
    return b, out


def agree(got, want, rel=1e-9):
    """Largest relative difference of got from want over want's keys, and whether all are within rel."""
    worst = 0.0
    for k, w in want.items():
        g = got.get(k)
        if g is None:
            return float("inf"), False
        worst = max(worst, abs(g - w) / max(1.0, abs(w)))
    return worst, worst <= rel


class Table:
    def __init__(self):
        self.rows = []

    def add(self, work, ours, peers, goal, check):
        self.rows.append((work, ours, peers, goal, check))
        print("  %s: bcgraph %s; %s; %s" % (work, ours, peers, check), flush=True)

    def show(self):
        head = ("work", "bcgraph", "peers (time, peer/bcgraph)", "goal", "answers")
        widths = [max(len(str(r[i])) for r in self.rows + [head]) for i in range(5)]
        line = lambda r: "| " + " | ".join(str(x).ljust(w) for x, w in zip(r, widths)) + " |"
        print()
        print(line(head))
        print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        for r in self.rows:
            print(line(r))


def fmt(s):
    return "%.3f s" % s if s >= 0.1 else "%.1f ms" % (s * 1000)


def ratio(peer, ours):
    return "%.2f×" % (peer / ours) if ours > 0 else "-"


ROUNDS = 3


def report(work):
    py = sys.executable
    me = os.path.abspath(__file__)
    bcgraph = os.path.join(work, "bcgraph")
    gen = os.path.join(work, "gen")
    env = dict(os.environ, XDG_CACHE_HOME=os.path.join(work, "cache"))
    table = Table()
    nx_bet = os.environ.get("NX_BETWEENNESS", "1") != "0"

    # Betweenness, whole processes, on the link graph of x37 (10k nodes) and x100 (27k).
    for copies, nodes in (("x37", "10k"), ("x100", "27k")):
        d = os.path.join(work, copies)
        seeds = os.path.join(d, "seeds")
        edges = os.path.join(d, "links.tsv")
        timed([bcgraph, "stats", "--seeds", seeds], env)  # fill the --seeds cache: parsing is not the figure
        # ...but not the measures kept beside it: computing them is the figure.
        for kept in glob.glob(os.path.join(env["XDG_CACHE_HOME"], "bcgraph", "*.measures")):
            os.remove(kept)
        took, out, rss = timed([bcgraph, "centrality", "--level", "entity", "--seeds", seeds, "--json"], env, rss=True)
        ours = {r["id"]: r["betweenness"] for r in json.loads(out)["rows"]}
        peers, values = [], {}
        tools = ["igraph"] + (["networkit"] if copies == "x37" or os.environ.get("NETWORKIT_27K", "1") != "0" else []) \
            + (["networkx"] if copies == "x37" and nx_bet else [])
        for tool in tools:
            dest = os.path.join(work, "bet-%s-%s.json" % (tool, copies))
            t, _ = timed([py, me, "betweenness", tool, edges, dest])
            with open(dest, encoding="utf-8") as f:
                values[tool] = json.load(f)
            peers.append("%s %s (%s)" % (tool, fmt(t), ratio(t, took)))
        ref = "networkx" if "networkx" in values else "igraph"
        worst, ok = agree(ours, values[ref])
        check = "%s vs %s: max rel. diff %.1e" % ("equal" if ok else "DIFFER", ref, worst)
        # networkit counts each pair of an undirected graph from both ends.
        if "networkit" in values:
            nk = values["networkit"]
            for scale in (1.0, 0.5):
                w, ok = agree({k: v * scale for k, v in nk.items()}, values[ref], 1e-6)
                if ok:
                    check += "; networkit agrees%s" % (" halved" if scale != 1 else "")
                    break
            else:
                check += "; networkit DIFFERS"
        table.add("exact betweenness, %s nodes (whole process)" % nodes, "%s (RSS %s)" % (fmt(took), mbs(rss)),
                  ", ".join(peers), "≤ igraph", check)

    # In-process: Louvain, Yen k=5 and all shortest paths at x100. Rounds
    # alternate bcgraph and the peers so that both see the same load; each
    # keeps its best time.
    d = os.path.join(work, "x100")
    src, dst = "bntu-c0", "gansu-c99"
    names, edges = read_edges(os.path.join(d, "ties.tsv"))
    import igraph as ig
    ig_g = ig.Graph(n=len(names), edges=edges)
    # Paths follow the path rule: NetworkX searches the same (entity, phase)
    # graph, built from the same ties, as bcgraph does.
    g = layered(read_steps(os.path.join(d, "chains.tsv"))[1])
    mins = {}
    keep = lambda k, t: mins.__setitem__(k, min(mins.get(k, t), t))
    for _ in range(ROUNDS):
        _, out = timed([gen, "-time", os.path.join(d, "seeds"), "-from", src, "-to", dst], env)
        ours = json.loads(out)
        for k in ("louvain_s", "yen5_s", "all_shortest_s"):
            keep(k, ours[k])
        t, comms = best(lambda: ig_g.community_multilevel(), 3)
        keep("igraph louvain", t)
        t, yen = best(lambda: chains(g, src, dst, 5), 3)
        keep("nx yen", t)
        t, alls = best(lambda: chains(g, src, dst), 3)
        keep("nx all", t)
    q_ig = comms.modularity
    q_ok = ours["louvain_q"] >= q_ig - 0.01
    table.add("Louvain, x100 (in process)", fmt(mins["louvain_s"]),
              "igraph %s (%s)" % (fmt(mins["igraph louvain"]), ratio(mins["igraph louvain"], mins["louvain_s"])), "≤ 3× igraph",
              "modularity %.4f, igraph %.4f%s" % (ours["louvain_q"], q_ig, "" if q_ok else " LOWER"))
    lengths = lambda ps: sorted(len(p) - 1 for p in ps)
    # Chains of equal length may tie for the last places: those shorter than
    # the longest must be the same, and the hop counts.
    longest = max(lengths(yen), default=0)
    shorter = lambda ps: sorted(tuple(p) for p in ps if len(p) - 1 < longest)
    same = lengths(yen) == lengths(ours["yen5"]) and shorter(yen) == shorter(ours["yen5"])
    table.add("Yen k=5 paths under the path rule, x100 (in process)", fmt(mins["yen5_s"]),
              "NetworkX shortest_simple_paths on the (entity, phase) graph %s (%s)" % (fmt(mins["nx yen"]), ratio(mins["nx yen"], mins["yen5_s"])), "≤ NetworkX",
              "hop counts %s%s" % (lengths(ours["yen5"]), " = NetworkX" if same else " DIFFER from NetworkX %s" % lengths(yen)))
    same = sorted(map(tuple, alls)) == sorted(map(tuple, ours["all_shortest"]))
    table.add("all shortest paths under the path rule, x100 (in process)", fmt(mins["all_shortest_s"]),
              "NetworkX all_shortest_paths on the (entity, phase) graph %s (%s)" % (fmt(mins["nx all"]), ratio(mins["nx all"], mins["all_shortest_s"])), "≤ NetworkX",
              "%d paths, %s" % (len(alls), "the same" if same else "DIFFERENT"))

    # `bcgraph path` on the x100 --seeds folder, whole process: cold (no cache) and cached.
    seeds = os.path.join(d, "seeds")
    colds, cached = [], []
    for i in range(3):
        fresh = dict(env, XDG_CACHE_HOME=os.path.join(work, "cold-%d" % i))
        colds.append(timed([bcgraph, "path", "--seeds", seeds, src, dst], fresh)[0])
        cached.append(statistics.median(timed([bcgraph, "path", "--seeds", seeds, src, dst], fresh)[0] for _ in range(5)))
    t_nx, out_nx = timed([py, me, "path", os.path.join(d, "chains.tsv"), src, dst])
    _, out = timed([bcgraph, "path", "--seeds", seeds, src, dst, "--json"], env)
    ours = sorted(tuple(n["id"] for n in p["nodes"]) for p in json.loads(out)["paths"])
    same = ours == sorted(tuple(line.split(" - ")) for line in out_nx.decode().splitlines())
    cold, warm = statistics.median(colds), statistics.median(cached)
    rss = timed([bcgraph, "path", "--seeds", seeds, src, dst], env, rss=True)[2]
    table.add("`path` on a x100 --seeds folder, cold (whole process)", fmt(cold),
              "NetworkX script %s (%s)" % (fmt(t_nx), ratio(t_nx, cold)), "-",
              "%d paths, %s" % (len(ours), "the same as NetworkX's" if same else "DIFFERENT from NetworkX's"))
    table.add("`path` on a x100 --seeds folder, cached (whole process)", fmt(warm),
              "NetworkX script %s (%s)" % (fmt(t_nx), ratio(t_nx, warm)), "< 0.3 s", "peak RSS %s" % mbs(rss))

    # Cold `bcgraph path BNTU Gansu` on the embedded dataset: median of 31, peak RSS.
    runs = [timed([bcgraph, "path", "BNTU", "Gansu"], env)[0] for _ in range(31)]
    rss = timed([bcgraph, "path", "BNTU", "Gansu"], env, rss=True)[2]
    table.add("cold `path BNTU Gansu` (whole process, median of 31)", fmt(statistics.median(runs)), "-",
              "< 20 ms, RSS < 30 MB", "peak RSS %s" % mbs(rss))
    table.show()


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode == "betweenness" and len(sys.argv) == 5:
        betweenness(*sys.argv[2:])
    elif mode == "path" and len(sys.argv) == 5:
        path_script(*sys.argv[2:])
    elif mode == "report" and len(sys.argv) == 3:
        report(sys.argv[2])
    else:
        raise SystemExit(__doc__)
