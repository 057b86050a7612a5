// name: ties
// description: The facts a filter admits, each tie with its two ends, type, role, date, status, quote and footnotes. The subject of a tie is its start (the party that supplies, founds, signs, visits); from and to match an end that is the entity or lies in it. Only ties dated in [since, until] when either is given; reference geography is timeless and stays unless bookOnly, which also leaves out the curator's inferred ties. In no particular order: sorting 93,000 ties by id costs the server as much again as finding them, and 'bcgraph ties' sorts them its own way. The twin of 'bcgraph ties'.
// param: types list = [] - tie types, any of them ([] for all)
// param: status string = null - the tie's status
// param: from string = null - id of the start, or of a place it lies in
// param: to string = null - id of the end, or of a place it lies in
// param: label string = null - the subject's label
// param: country string = null - the subject's country code
// param: bookOnly bool = false - leave out reference geography and inferred ties
// param: since int in 1900..2100 = null - earliest year of a tie
// param: until int in 1900..2100 = null - latest year of a tie
MATCH (a:Bcgraph)-[r]->(b:Bcgraph)
WHERE (size($types) = 0 OR type(r) IN $types)
  AND ($status IS NULL OR r.status = $status)
  AND ($from IS NULL OR a.id = $from OR $from IN a.ancestors)
  AND ($to IS NULL OR b.id = $to OR $to IN b.ancestors)
  AND ($label IS NULL OR a.label = $label)
  AND ($country IS NULL OR a.country = $country)
  AND {{bookOnly "r"}}
  AND {{window "r"}}
RETURN {{tie "r"}} AS tie
