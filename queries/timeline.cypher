// name: timeline
// description: Dated agreements and events, oldest first, with their parties and where they were held. With an id, only those it (or anything located in it) takes part in or that were held there. An occasion without its own date takes its parties' earliest. The twin of 'bcgraph timeline'.
// param: id string = null - an entity's id, or null for everything
// param: since int = null - earliest year
// param: until int = null - latest year
MATCH (o:Bcgraph) WHERE o.label IN ['Agreement', 'Event']
OPTIONAL MATCH (party)-[r:PARTY_TO|PARTICIPATED_IN|ORGANIZED|IMPLEMENTS]->(o)
WITH o, collect(DISTINCT party) AS parties, min(r.date_text) AS partyDate
OPTIONAL MATCH (o)-[:HELD_IN]->(place)
WITH o, parties, collect(DISTINCT place) AS places, coalesce(o.date_text, partyDate) AS date
WHERE date IS NOT NULL
  AND ($since IS NULL OR toInteger(left(date, 4)) >= $since)
  AND ($until IS NULL OR toInteger(left(date, 4)) <= $until)
  AND ($id IS NULL OR any(x IN parties + places WHERE x.id = $id OR $id IN x.ancestors))
RETURN o.id AS id, o.name AS name, o.label AS label, o.status AS status, date,
       [x IN parties | x {.id, .name, .label}] AS parties,
       [x IN places | x {.id, .name, .label}] AS places
ORDER BY date, name
