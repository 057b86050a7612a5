// name: partners
// description: An entity's direct counterparts: the other parties of its agreements, events and programs, and the other ends of its direct ties (not LOCATED_IN, PART_OF, HELD_IN), with the earliest dated link. With rollup, links of everything located in the entity count too and counterparts inside it are left out. The twin of 'bcgraph partners'.
// param: id string - the entity's id
// param: rollup bool = false - include everything located in it
// param: since int in 1900..2100 = null - earliest year of a tie
// param: until int in 1900..2100 = null - latest year of a tie
MATCH (e:Bcgraph {id: $id})
MATCH (x:Bcgraph) WHERE x.id = $id OR ($rollup AND $id IN x.ancestors)
WITH collect(x) AS inside
UNWIND inside AS x
CALL {
  WITH x
  MATCH (x)-[r1:{{participation}}]->(o)<-[r2:{{participation}}]-(p)
  WHERE o.label IN {{occasions}} AND NOT x.label IN {{occasions}}
    AND NOT p.label IN {{occasions}} AND p <> x
    AND all(r IN [r1, r2] WHERE {{window "r"}})
  RETURN p, {{occasion "o"}} AS via, [r IN [r1, r2] | {{tie "r"}}] AS ties,
         CASE WHEN r1.date_text IS NULL THEN coalesce(r2.date_text, o.date_text)
              WHEN r2.date_text IS NULL OR r1.date_text < r2.date_text THEN r1.date_text
              ELSE r2.date_text END AS date
  UNION ALL
  WITH x
  MATCH (x)-[r]-(p)
  WHERE NOT type(r) IN {{structural}}
    AND NOT x.label IN {{occasions}} AND NOT p.label IN {{occasions}} AND p <> x
    AND {{window "r"}}
  RETURN p, null AS via, [{{tie "r"}}] AS ties, r.date_text AS date
}
WITH inside, p, via, ties, date WHERE NOT p IN inside
WITH p, collect({via: via, ties: ties, date: date}) AS links, min(date) AS since
RETURN p.id AS id, p.name AS name, p.label AS label, p.aliases AS aliases, p.entity_country AS entityCountry, coalesce(p.country, '') AS country, since, links
ORDER BY country, since IS NULL, since, name
