// name: centrality
// description: Chinese provinces ranked on the province-region projection, in plain Cypher (no GDS, no APOC). A cooperation link is a direct tie (not LOCATED_IN, PART_OF, HELD_IN) or two parties of one agreement, event or program; each end rolls up to its province-level unit (the 'unit' property bcgraph writes at load: a Chinese province, a Belarusian region, or Minsk). partners: distinct Belarusian regions; ties: links; betweenness: Brandes on the projection, unnormalized, each pair once (= NetworkX normalized=False), computed here by breadth-first search over lists; pagerank: damping 0.85 on the same projection, each edge both ways, by 200 power iterations over lists (converged far below 1e-9). The twin of 'bcgraph centrality'.
// param: since int in 1900..2100 = null - earliest year of a tie
// param: until int in 1900..2100 = null - latest year of a tie
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
WITH ua, ub WHERE ua IS NOT NULL AND ub IS NOT NULL
MATCH (u1:Bcgraph {id: ua}), (u2:Bcgraph {id: ub})
WITH CASE WHEN u1.label = 'Province' THEN u1 ELSE u2 END AS p, CASE WHEN u1.label = 'Province' THEN u2 ELSE u1 END AS r
WHERE p.label = 'Province' AND r.country = 'BY'
WITH p.id AS province, r.id AS region, count(*) AS links
ORDER BY province, region
WITH collect({p: province, r: region, n: links}) AS edges
CALL {
  WITH edges
  UNWIND edges AS e
  UNWIND [e.p, e.r] AS u
  WITH edges, u ORDER BY u
  WITH edges, collect(DISTINCT u) AS units
  WITH edges, units, size(units) AS n
  WITH units, n, [i IN range(0, n - 1) | [j IN range(0, n - 1) WHERE any(e IN edges WHERE
         (e.p = units[i] AND e.r = units[j]) OR (e.r = units[i] AND e.p = units[j]))]] AS adj
  UNWIND range(0, n - 1) AS s
  // Breadth-first search from s: distance and number of shortest paths to every unit.
  WITH units, n, adj, s,
    reduce(st = {frontier: [s], dist: [i IN range(0, n - 1) | CASE WHEN i = s THEN 0 ELSE -1 END],
                 sigma: [i IN range(0, n - 1) | CASE WHEN i = s THEN 1 ELSE 0 END], level: 0},
           step IN range(1, n) |
      CASE WHEN size(st.frontier) = 0 THEN st ELSE {
        frontier: [j IN range(0, n - 1) WHERE st.dist[j] = -1 AND any(i IN st.frontier WHERE j IN adj[i])],
        dist: [j IN range(0, n - 1) | CASE WHEN st.dist[j] = -1 AND any(i IN st.frontier WHERE j IN adj[i])
                                          THEN st.level + 1 ELSE st.dist[j] END],
        sigma: [j IN range(0, n - 1) | CASE WHEN st.dist[j] = -1 AND any(i IN st.frontier WHERE j IN adj[i])
                                           THEN reduce(acc = 0, i IN st.frontier | acc + CASE WHEN j IN adj[i] THEN st.sigma[i] ELSE 0 END)
                                           ELSE st.sigma[j] END],
        level: st.level + 1} END) AS bfs
  // Brandes' dependency accumulation, farthest level first.
  WITH units, n, adj, s, bfs.dist AS dist,
    reduce(delta = [i IN range(0, n - 1) | 0.0], lvl IN reverse(range(0, bfs.level)) |
      [v IN range(0, n - 1) | CASE WHEN bfs.dist[v] = lvl
          THEN reduce(acc = 0.0, w IN adj[v] | acc + CASE WHEN bfs.dist[w] = lvl + 1
                 THEN toFloat(bfs.sigma[v]) / bfs.sigma[w] * (1 + delta[w]) ELSE 0.0 END)
          ELSE delta[v] END]) AS delta
  UNWIND range(0, n - 1) AS v
  WITH units, n, adj, v, sum(CASE WHEN v = s THEN 0.0 ELSE delta[v] END) / 2 AS betweenness
  ORDER BY v
  WITH units, n, adj, collect(betweenness) AS betweenness
  // PageRank by power iteration; every unit has a tie, so none dangles.
  WITH units, n, betweenness,
    reduce(pr = [i IN range(0, n - 1) | 1.0 / n], step IN range(1, 200) |
      [j IN range(0, n - 1) | (1 - 0.85) / n + 0.85 * reduce(acc = 0.0, i IN adj[j] | acc + pr[i] / size(adj[i]))]) AS pagerank
  RETURN [v IN range(0, n - 1) | {id: units[v], betweenness: betweenness[v], pagerank: pagerank[v]}] AS bet
}
MATCH (p:Bcgraph {label: 'Province'})
WITH p, [e IN edges WHERE e.p = p.id] AS mine, [b IN bet WHERE b.id = p.id] AS mybet
RETURN p.id AS id, p.name AS name, p.label AS label, size(mine) AS partners, reduce(t = 0, e IN mine | t + e.n) AS ties,
       CASE WHEN size(mybet) > 0 THEN mybet[0].betweenness ELSE 0.0 END AS betweenness,
       CASE WHEN size(mybet) > 0 THEN mybet[0].pagerank ELSE 0.0 END AS pagerank,
       [e IN mine | e.r] AS partnerIds
ORDER BY partners DESC, ties DESC, name
