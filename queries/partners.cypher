// name: partners
// description: An entity's direct counterparts: the other parties of its agreements, events and programs, and the other ends of its direct ties (not LOCATED_IN, PART_OF, HELD_IN), with the earliest dated link. With rollup, links of everything located in the entity count too and counterparts inside it are left out. The twin of 'bcgraph partners'.
// param: id string - the entity's id
// param: rollup bool = false - include everything located in it
// param: since int = null - earliest year of a tie
// param: until int = null - latest year of a tie
MATCH (e:Bcgraph {id: $id})
MATCH (x:Bcgraph) WHERE x.id = $id OR ($rollup AND $id IN x.ancestors)
WITH collect(x) AS inside
UNWIND inside AS x
CALL {
  WITH x
  MATCH (x)-[r1:PARTY_TO|PARTICIPATED_IN|ORGANIZED|IMPLEMENTS]->(o)<-[r2:PARTY_TO|PARTICIPATED_IN|ORGANIZED|IMPLEMENTS]-(p)
  WHERE o.label IN ['Agreement', 'Event', 'Program'] AND NOT x.label IN ['Agreement', 'Event', 'Program']
    AND NOT p.label IN ['Agreement', 'Event', 'Program'] AND p <> x
    AND all(r IN [r1, r2] WHERE r.reference OR ($since IS NULL AND $until IS NULL)
        OR (r.year IS NOT NULL AND ($since IS NULL OR r.year >= $since) AND ($until IS NULL OR r.year <= $until)))
  RETURN p, o {.id, .name, .label} AS via, [r IN [r1, r2] | r {.id, type: type(r), from: startNode(r).id, to: endNode(r).id, .date_text, .status, .role, .quote, .footnote, .chapter, .reference}] AS ties,
         CASE WHEN r1.date_text IS NULL THEN coalesce(r2.date_text, o.date_text)
              WHEN r2.date_text IS NULL OR r1.date_text < r2.date_text THEN r1.date_text
              ELSE r2.date_text END AS date
  UNION ALL
  WITH x
  MATCH (x)-[r]-(p)
  WHERE NOT type(r) IN ['LOCATED_IN', 'PART_OF', 'HELD_IN']
    AND NOT x.label IN ['Agreement', 'Event', 'Program'] AND NOT p.label IN ['Agreement', 'Event', 'Program'] AND p <> x
    AND (r.reference OR ($since IS NULL AND $until IS NULL)
         OR (r.year IS NOT NULL AND ($since IS NULL OR r.year >= $since) AND ($until IS NULL OR r.year <= $until)))
  RETURN p, null AS via, [r {.id, type: type(r), from: startNode(r).id, to: endNode(r).id, .date_text, .status, .role, .quote, .footnote, .chapter, .reference}] AS ties, r.date_text AS date
}
WITH inside, p, via, ties, date WHERE NOT p IN inside
WITH p, collect({via: via, ties: ties, date: date}) AS links, min(date) AS since
RETURN p.id AS id, p.name AS name, p.label AS label, p.aliases AS aliases, p.entity_country AS entityCountry, coalesce(p.country, '') AS country, since, links
ORDER BY country, since IS NULL, since, name
