// name: search
// description: Full-text search over entity names (in every script), quotes and notes, and over tie quotes, roles and notes, through the full-text indexes bcgraph_text and bcgraph_ties_text (analyzer standard-folding: case and diacritics folded). query is Lucene syntax; 'bcgraph search' sends each word as a prefix (birch* OR juice*) and keeps, ranks and trims in Go, as the embedded engine does. The twin of 'bcgraph search'.
// param: query string - a Lucene query, e.g. birch* OR juice*
CALL {
  CALL db.index.fulltext.queryNodes('bcgraph_text', $query) YIELD node
  WITH node WHERE node:Bcgraph
  RETURN collect({{entity "node"}}) AS nodes
}
CALL {
  CALL db.index.fulltext.queryRelationships('bcgraph_ties_text', $query) YIELD relationship
  WITH relationship AS r WHERE startNode(r):Bcgraph AND endNode(r):Bcgraph
  RETURN collect({{tie "r"}}) AS rels
}
RETURN nodes, rels
