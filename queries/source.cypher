// name: source
// description: One of the book's footnotes: the news report's title, author, year and URL, and every fact that cites it — ties (with both ends, quote and chapter) and agreements, events or programs whose own evidence cites it. In Browser, expand a :BcgraphSource node along CITES to what it supports. The twin of 'bcgraph source'.
// param: n int in 1.. - the footnote's number
OPTIONAL MATCH (s:BcgraphSource {n: $n})
CALL {
  MATCH (:Bcgraph)-[r]->(:Bcgraph) WHERE $n IN r.footnote
  RETURN collect({{tie "r"}}) AS ties
}
CALL {
  MATCH (e:Bcgraph) WHERE $n IN e.footnote
  RETURN collect(e.id) AS entities
}
RETURN s {.n, .title, .author, .year, .url, .chapter} AS source, ties, entities
