// name: source
// description: One of the book's footnotes: the news report's title, author, year and URL, and every fact that cites it — ties (with both ends, quote and chapter) and agreements, events or programs whose own evidence cites it — found along the CITES relationships the load writes from each fact to its footnotes (a tie's from both its ends, with its id). In Browser, expand a :BcgraphSource node along CITES to what it supports. The twin of 'bcgraph source'.
// param: n int in 1.. - the footnote's number
OPTIONAL MATCH (s:BcgraphSource {n: $n})
CALL {
  WITH s
  MATCH (s)<-[c:CITES]-(e:Bcgraph)-[r]->(:Bcgraph)
  WHERE r.id = c.tie
  WITH DISTINCT r
  RETURN collect({{tie "r"}}) AS ties
}
CALL {
  WITH s
  MATCH (s)<-[c:CITES]-(e:Bcgraph)
  WHERE c.tie IS NULL
  RETURN collect(DISTINCT e.id) AS entities
}
RETURN s {.n, .title, .author, .year, .url, .chapter} AS source, ties, entities
