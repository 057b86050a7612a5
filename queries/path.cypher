// name: path
// description: All shortest chains of cooperation between two entities, ties followed in either direction. A tie that places something (LOCATED_IN, HELD_IN, PART_OF a place) may only roll an end up to its place — descending from the first entity at the start, climbing to the second at the end — never join two things through a place they share. Belarus and China (trivial hubs), the given ids and labels are avoided, the ends always allowed. Only ties dated in [since, until] when either is given; reference geography is timeless and stays unless bookOnly, which also leaves out the curator's inferred ties. The twin of 'bcgraph path'.
// param: from string - id of the first entity
// param: to string - id of the second entity
// param: exclude list = {{excludedJSON}} - entity ids to avoid
// param: excludeLabels list = [] - labels to avoid, e.g. ["City"]
// param: maxHops int in 1..15 = 15 - the longest path returned
// param: bookOnly bool = false - leave out reference geography and inferred ties
// param: since int in 1900..2100 = null - earliest year of a tie
// param: until int in 1900..2100 = null - latest year of a tie
MATCH (a:Bcgraph {id: $from}), (b:Bcgraph {id: $to})
// A chain descends from a into what lies in it, crosses by cooperation,
// then climbs to b; or only descends, or only climbs.
CALL {
  WITH a, b
  MATCH p = ALL SHORTEST (a)
    ((d1)<-[dr]-(d2 WHERE {{keep "d2"}}) WHERE {{placing "dr" "d1"}} AND {{admit "dr"}})*
    ((c1)-[cr]-(c2 WHERE {{keep "c2"}}) WHERE NOT {{placing "cr" "endNode(cr)"}} AND {{admit "cr"}})+
    ((u1)-[ur]->(u2 WHERE {{keep "u2"}}) WHERE {{placing "ur" "u2"}} AND {{admit "ur"}})*
    (b)
  RETURN p
  UNION
  WITH a, b
  MATCH p = ALL SHORTEST (a)
    ((d1)<-[dr]-(d2 WHERE {{keep "d2"}}) WHERE {{placing "dr" "d1"}} AND {{admit "dr"}})+ (b)
  RETURN p
  UNION
  WITH a, b
  MATCH p = ALL SHORTEST (a)
    ((u1)-[ur]->(u2 WHERE {{keep "u2"}}) WHERE {{placing "ur" "u2"}} AND {{admit "ur"}})+ (b)
  RETURN p
}
WITH collect(p) AS paths
WITH paths, reduce(m = 1000000, p IN paths | CASE WHEN length(p) < m THEN length(p) ELSE m END) AS shortest
UNWIND paths AS p
WITH p WHERE length(p) = shortest AND length(p) <= $maxHops
RETURN [n IN nodes(p) | {{node "n"}}] AS nodes,
       [r IN relationships(p) | {{tie "r"}}] AS rels
ORDER BY [n IN nodes(p) | n.id]
