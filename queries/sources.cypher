// name: sources
// description: Every footnote of the book with how many facts (ties, and agreements, events or programs) cite it. The twin of 'bcgraph sources'.
MATCH (s:BcgraphSource)
CALL {
  WITH s
  OPTIONAL MATCH (:Bcgraph)-[r]->(:Bcgraph) WHERE s.n IN r.footnote
  RETURN count(r) AS ties
}
CALL {
  WITH s
  OPTIONAL MATCH (e:Bcgraph) WHERE s.n IN e.footnote
  RETURN count(e) AS entities
}
RETURN s {.n, .title, .author, .year, .url, .chapter} AS source, ties + entities AS facts
ORDER BY s.n
