// name: hubs
// description: The most connected organizations: distinct counterparts (through agreements, events and programs, and direct ties; Belarus and China left out), then links. betweenness and pagerank are the entity-level values bcgraph computed at load for the whole dataset, so they are 0 when a year range is given. The twin of 'bcgraph hubs'.
// param: limit int in 0.. = 20 - rows to return
// param: since int in 1900..2100 = null - earliest year of a tie
// param: until int in 1900..2100 = null - latest year of a tie
MATCH (x:Bcgraph)
WHERE NOT x.label IN {{occasions}} AND NOT x.label IN {{places}}
CALL {
  WITH x
  MATCH (x)-[r1:{{participation}}]->(o)<-[r2:{{participation}}]-(p)
  WHERE o.label IN {{occasions}} AND NOT p.label IN {{occasions}}
    AND p <> x AND NOT p.id IN {{excluded}}
    AND all(r IN [r1, r2] WHERE {{window "r"}})
  RETURN p
  UNION ALL
  WITH x
  MATCH (x)-[r]-(p)
  WHERE NOT type(r) IN {{structural}} AND NOT p.label IN {{occasions}}
    AND p <> x AND NOT p.id IN {{excluded}}
    AND {{window "r"}}
  RETURN p
}
WITH x, count(p) AS links, count(DISTINCT p) AS partners, collect(DISTINCT p.id) AS partnerIds
RETURN x.id AS id, x.name AS name, x.label AS label, partners, links,
       CASE WHEN {{windowOpen}} THEN coalesce(x.betweenness, 0.0) ELSE 0.0 END AS betweenness,
       CASE WHEN {{windowOpen}} THEN coalesce(x.pagerank, 0.0) ELSE 0.0 END AS pagerank, partnerIds
ORDER BY partners DESC, links DESC, name
LIMIT $limit
