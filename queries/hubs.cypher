// name: hubs
// description: The most connected organizations: distinct counterparts (through agreements, events and programs, and direct ties; Belarus and China left out), then links. betweenness and pagerank are the entity-level values bcgraph computed at load for the whole dataset, so they are 0 when a year range is given. The twin of 'bcgraph hubs'.
// param: limit int = 20 - rows to return
// param: since int = null - earliest year of a tie
// param: until int = null - latest year of a tie
MATCH (x:Bcgraph)
WHERE NOT x.label IN ['Agreement', 'Event', 'Program', 'Country', 'Province', 'Region', 'District', 'City']
CALL {
  WITH x
  MATCH (x)-[r1:PARTY_TO|PARTICIPATED_IN|ORGANIZED|IMPLEMENTS]->(o)<-[r2:PARTY_TO|PARTICIPATED_IN|ORGANIZED|IMPLEMENTS]-(p)
  WHERE o.label IN ['Agreement', 'Event', 'Program'] AND NOT p.label IN ['Agreement', 'Event', 'Program']
    AND p <> x AND NOT p.id IN ['belarus', 'china']
    AND all(r IN [r1, r2] WHERE ($since IS NULL AND $until IS NULL)
        OR (r.year IS NOT NULL AND ($since IS NULL OR r.year >= $since) AND ($until IS NULL OR r.year <= $until)))
  RETURN p
  UNION ALL
  WITH x
  MATCH (x)-[r]-(p)
  WHERE NOT type(r) IN ['LOCATED_IN', 'PART_OF', 'HELD_IN'] AND NOT p.label IN ['Agreement', 'Event', 'Program']
    AND p <> x AND NOT p.id IN ['belarus', 'china']
    AND (r.reference OR ($since IS NULL AND $until IS NULL)
         OR (r.year IS NOT NULL AND ($since IS NULL OR r.year >= $since) AND ($until IS NULL OR r.year <= $until)))
  RETURN p
}
WITH x, count(p) AS links, count(DISTINCT p) AS partners, collect(DISTINCT p.id) AS partnerIds
RETURN x.id AS id, x.name AS name, x.label AS label, partners, links,
       CASE WHEN $since IS NULL AND $until IS NULL THEN coalesce(x.betweenness, 0.0) ELSE 0.0 END AS betweenness,
       CASE WHEN $since IS NULL AND $until IS NULL THEN coalesce(x.pagerank, 0.0) ELSE 0.0 END AS pagerank, partnerIds
ORDER BY partners DESC, links DESC, name
LIMIT $limit
