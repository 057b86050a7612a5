// name: path
// description: All shortest chains of ties between two entities, followed in either direction. Belarus and China (trivial hubs), the given ids and labels are avoided, the ends always allowed. Only ties dated in [since, until] when either is given; reference geography is timeless and stays unless bookOnly. The twin of 'bcgraph path'.
// param: from string - id of the first entity
// param: to string - id of the second entity
// param: exclude list = {{excludedJSON}} - entity ids to avoid
// param: excludeLabels list = [] - labels to avoid, e.g. ["City"]
// param: maxHops int in 1..15 = 15 - the longest path returned (15 at most)
// param: bookOnly bool = false - leave out reference geography
// param: since int in 1900..2100 = null - earliest year of a tie
// param: until int in 1900..2100 = null - latest year of a tie
MATCH (a:Bcgraph {id: $from}), (b:Bcgraph {id: $to})
MATCH p = allShortestPaths((a)-[*..15]-(b))
WHERE all(n IN nodes(p) WHERE n.id IN [$from, $to]
      OR (NOT n.id IN $exclude AND NOT n.label IN $excludeLabels))
  AND all(r IN relationships(p) WHERE (NOT $bookOnly OR NOT r.reference)
      AND {{window "r"}})
// The length limit is applied after the search: inside its WHERE it would keep
// Neo4j from pruning during the search and make it enumerate every path.
WITH p WHERE length(p) <= $maxHops
RETURN [n IN nodes(p) | {{node "n"}}] AS nodes,
       [r IN relationships(p) | {{tie "r"}}] AS rels
ORDER BY [n IN nodes(p) | n.id]
