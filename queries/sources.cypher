// name: sources
// description: Every footnote of the book with how many facts (ties, and agreements, events or programs) cite it, counted along the CITES relationships the load writes from each fact to its footnotes (a tie's from both its ends, with its id). The twin of 'bcgraph sources'.
MATCH (s:BcgraphSource)
OPTIONAL MATCH (s)<-[c:CITES]-(e:Bcgraph)
WITH s, count(DISTINCT c.tie) AS ties, count(DISTINCT CASE WHEN c.tie IS NULL THEN e END) AS entities
RETURN s {.n, .title, .author, .year, .url, .chapter} AS source, ties + entities AS facts
ORDER BY s.n
