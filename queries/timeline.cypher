// name: timeline
// description: Dated agreements and events, oldest first, with their parties and where they were held. With an id, only those it (or anything located in it) takes part in or that were held there. An occasion without its own date takes its parties' earliest. The twin of 'bcgraph timeline'.
// param: id string = null - an entity's id, or null for everything
// param: since int in 1900..2100 = null - earliest year
// param: until int in 1900..2100 = null - latest year
MATCH (o:Bcgraph&({{timelineLabelAlternation}})) WHERE o.label IN {{timelineLabels}}
OPTIONAL MATCH (party)-[r:{{participation}}]->(o)
WITH o, collect(DISTINCT party) AS parties, min(r.date_text) AS partyDate
OPTIONAL MATCH (o)-[:HELD_IN]->(place)
WITH o, parties, collect(DISTINCT place) AS places, coalesce(o.date_text, partyDate) AS date
WHERE date IS NOT NULL
  AND {{yearIn "toInteger(left(date, 4))"}}
  AND ($id IS NULL OR any(x IN parties + places WHERE x.id = $id OR $id IN x.ancestors))
RETURN {{occasion "o"}} AS occasion, date,
       [x IN parties | {{node "x"}}] AS parties,
       [x IN places | {{node "x"}}] AS places
ORDER BY date, o.name
