// name: centrality
// description: Chinese provinces ranked on the province-region projection, in plain Cypher (no GDS, no APOC). A cooperation link is a direct tie (not LOCATED_IN, PART_OF, HELD_IN) or two parties of one agreement, event or program; each end rolls up to its province-level unit (the 'unit' property bcgraph writes at load: a Chinese province, a Belarusian region, or Minsk). partners: distinct Belarusian regions; ties: links; betweenness: Brandes on the projection, unnormalized, each pair once (= NetworkX normalized=False), computed here by a breadth-first search from every unit over lists of neighbour indexes; pagerank: damping 0.85 on the same projection, each edge both ways, by power iteration from the uniform vector until the L1 change falls below units x 1e-15, as the embedded engine and NetworkX stop. With no window, betweenness and pagerank are by default those the load computed and wrote on each province (province_betweenness, province_pagerank: the same algorithms, in Go), since computing them here takes minutes on a dataset a hundred times the book's; recompute: true computes them here anyway. partners and ties are always counted here. The twin of 'bcgraph centrality'.
// param: since int in 1900..2100 = null - earliest year of a tie
// param: until int in 1900..2100 = null - latest year of a tie
// param: recompute bool = false - compute betweenness and pagerank here even with no window
CALL {
  MATCH (a:Bcgraph)-[r1:{{participation}}]->(o)<-[r2:{{participation}}]-(b:Bcgraph)
  WHERE o.label IN {{occasions}} AND NOT a.label IN {{occasions}}
    AND NOT b.label IN {{occasions}} AND a <> b AND elementId(r1) < elementId(r2)
    AND all(r IN [r1, r2] WHERE {{window "r"}})
  RETURN a.unit AS ua, b.unit AS ub
  UNION ALL
  MATCH (a:Bcgraph)-[r]->(b:Bcgraph)
  WHERE NOT type(r) IN {{structural}}
    AND NOT a.label IN {{occasions}} AND NOT b.label IN {{occasions}} AND a <> b
    AND {{window "r"}}
  RETURN a.unit AS ua, b.unit AS ub
}
WITH ua, ub, count(*) AS n WHERE ua IS NOT NULL AND ub IS NOT NULL
MATCH (u1:Bcgraph {id: ua}), (u2:Bcgraph {id: ub})
WITH CASE WHEN u1.label = 'Province' THEN u1 ELSE u2 END AS p, CASE WHEN u1.label = 'Province' THEN u2 ELSE u1 END AS r, n
WHERE p.label = 'Province' AND r.country = 'BY'
WITH p.id AS province, r.id AS region, r.label = 'Province' AS odd, sum(n) AS links
ORDER BY province, region
WITH collect({p: province, r: region, n: links, odd: odd}) AS edges
// Units get indexes 0..n-1 in id order, and each edge k its two ends as
// indexes: grouping rows, never scanning the edge list once per unit.
CALL {
  WITH edges
  UNWIND range(0, size(edges) - 1) AS k
  UNWIND [edges[k].p, edges[k].r] AS u
  WITH u, collect(k) AS ks ORDER BY u
  RETURN collect(u) AS units, collect(ks) AS incident
}
CALL {
  WITH incident
  UNWIND range(0, size(incident) - 1) AS i
  UNWIND incident[i] AS k
  WITH k, collect(i) AS ends
  UNWIND [[ends[0], ends[1]], [ends[1], ends[0]]] AS arc
  WITH arc[0] AS i, collect(arc[1]) AS neighbours ORDER BY i
  RETURN collect(neighbours) AS adj
}
// Every edge joins a province to a region, unless the dataset has a province
// in Belarus: without one the projection is bipartite, so a unit's neighbours
// lie one level before it in a breadth-first search (its predecessors) or
// one level after it, never on its own level, and the search need not look.
WITH edges, units, adj, size(units) AS n, any(e IN edges WHERE e.odd) AS odd,
     {{windowOpen}} AND NOT $recompute AS stored
CALL {
  WITH adj, n, odd, stored
  UNWIND CASE WHEN stored THEN [] ELSE range(0, n - 1) END AS s
  // Breadth-first search from s, level by level. A level lists its units
  // (f), in index order, each with its number of shortest paths from s (s)
  // and its predecessors' positions in the level before (p). The arcs out of
  // a level, each written as one integer (where it leads × n + where it
  // starts) and sorted, fall into one run per unit of the next level: Cypher
  // allows no aggregation inside a loop over a list, so runs of a sorted list
  // stand in for grouping. The loop runs in blocks of 16 levels, so that a
  // search that ended costs a block, not a step per unit.
  WITH adj, n, odd, s, reduce(st = {levels: [], prev: [], last: {f: [s], s: [1.0], p: [[]]} }, block IN range(0, n, 16) |
    CASE WHEN size(st.last.f) = 0 THEN st ELSE reduce(st = st, step IN range(1, 16) |
      CASE WHEN size(st.last.f) = 0 THEN st ELSE
        [arcs IN [COLLECT {
            UNWIND range(0, size(st.last.f) - 1) AS i
            UNWIND [w IN adj[st.last.f[i]] WHERE NOT w IN [q IN st.last.p[i] | st.prev[q]] AND (NOT odd OR NOT w IN st.last.f)] AS w
            RETURN w * n + i AS arc ORDER BY arc
          }] |
          [starts IN [[k IN range(0, size(arcs) - 1) WHERE k = 0 OR arcs[k] / n <> arcs[k - 1] / n] + [size(arcs)]] |
            {levels: st.levels + [st.last], prev: st.last.f, last: {
              f: [j IN range(0, size(starts) - 2) | arcs[starts[j]] / n],
              s: [j IN range(0, size(starts) - 2) | reduce(x = 0.0, k IN range(starts[j], starts[j + 1] - 1) | x + st.last.s[arcs[k] % n])],
              p: [j IN range(0, size(starts) - 2) | [k IN range(starts[j], starts[j + 1] - 1) | arcs[k] % n]]} }][0]][0]
      END) END).levels AS levels
  // Brandes' dependency accumulation, deepest level first: every unit gathers
  // (1 + d) / s from the units it precedes, times its own s. The shares,
  // each written as one integer (the predecessor's position × (n + 1) + the
  // successor's) and sorted with a closing n for every unit of the level,
  // fall into one run per unit, in the level's order.
  WITH s, reduce(acc = {next: {f: [], s: [], p: [], d: []}, out: []}, level IN reverse(levels) |
    [coef IN [[j IN range(0, size(acc.next.f) - 1) | (1 + acc.next.d[j]) / acc.next.s[j]]] |
      [shares IN [COLLECT {
          UNWIND [0, 1] AS part
          UNWIND CASE part WHEN 0 THEN range(0, size(level.f) - 1) ELSE range(0, size(acc.next.f) - 1) END AS j
          UNWIND CASE part WHEN 0 THEN [j * (n + 1) + n] ELSE [i IN acc.next.p[j] | i * (n + 1) + j] END AS share
          RETURN share ORDER BY share
        }] |
        [ends IN [[k IN range(0, size(shares) - 1) WHERE shares[k] % (n + 1) = n]] |
          {out: acc.out + [acc.next], next: level {.*, d: [i IN range(0, size(level.f) - 1) | level.s[i] *
            reduce(c = 0.0, k IN range(CASE i WHEN 0 THEN 0 ELSE ends[i - 1] + 1 END, ends[i] - 1) | c + coef[shares[k] % (n + 1)])]} }][0]][0]][0]).out AS dependencies
  // The source's own level (the last one gathered) is left out.
  UNWIND dependencies AS level
  UNWIND range(0, size(level.f) - 1) AS i
  WITH level.f[i] AS v, sum(level.d[i]) AS dependency
  // One row even when no search ran (stored).
  RETURN collect([v, dependency / 2]) AS bets
}
// PageRank by power iteration; every unit has a tie, so none dangles.
WITH edges, units, bets, stored, reduce(st = {x: [i IN range(0, n - 1) | 1.0 / n], done: stored}, step IN range(1, 10000) |
    CASE WHEN st.done THEN st ELSE
      [share IN [[i IN range(0, n - 1) | st.x[i] / size(adj[i])]] |
        [next IN [[v IN range(0, n - 1) | 0.85 * reduce(acc = 0.0, u IN adj[v] | acc + share[u]) + (1 - 0.85) / n]] |
          {x: next, done: reduce(change = 0.0, v IN range(0, n - 1) | change + abs(next[v] - st.x[v])) < n * 1e-15}][0]][0]
    END).x AS ranks
// One row per province, those without ties too.
CALL {
  WITH edges
  UNWIND edges AS e
  RETURN e.p AS id, e.r AS partner, e.n AS links, 0.0 AS betweenness, 0.0 AS pagerank
  UNION ALL
  WITH units, ranks, stored
  UNWIND CASE WHEN stored THEN [] ELSE range(0, size(units) - 1) END AS i
  RETURN units[i] AS id, null AS partner, 0 AS links, 0.0 AS betweenness, ranks[i] AS pagerank
  UNION ALL
  WITH units, bets
  UNWIND bets AS b
  RETURN units[b[0]] AS id, null AS partner, 0 AS links, b[1] AS betweenness, 0.0 AS pagerank
  UNION ALL
  WITH stored
  MATCH (p:Bcgraph {label: 'Province'})
  RETURN p.id AS id, null AS partner, 0 AS links,
         CASE WHEN stored THEN coalesce(p.province_betweenness, 0.0) ELSE 0.0 END AS betweenness,
         CASE WHEN stored THEN coalesce(p.province_pagerank, 0.0) ELSE 0.0 END AS pagerank
}
WITH id, collect(partner) AS partnerIds, sum(links) AS ties, sum(betweenness) AS betweenness, max(pagerank) AS pagerank
MATCH (p:Bcgraph {id: id}) WHERE p.label = 'Province'
RETURN p.id AS id, p.name AS name, p.label AS label, size(partnerIds) AS partners, ties, betweenness, pagerank, partnerIds
ORDER BY partners DESC, ties DESC, name
