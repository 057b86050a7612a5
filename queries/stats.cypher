// name: stats
// description: Counts of what bcgraph loaded, one row per count: nodes by label, relationships by type, book against reference facts, dated against undated, book ties per chapter; inferred, restated (several quotes), range-dated and approximately dated ties. The twin of 'bcgraph stats'.
MATCH (n:Bcgraph) RETURN 'label' AS kind, n.label AS key, count(*) AS count
UNION ALL
MATCH (:Bcgraph)-[r]->(:Bcgraph) RETURN 'type' AS kind, type(r) AS key, count(*) AS count
UNION ALL
MATCH (:Bcgraph)-[r]->(:Bcgraph) RETURN 'source' AS kind, CASE WHEN r.reference THEN 'reference' ELSE 'book' END AS key, count(*) AS count
UNION ALL
MATCH (:Bcgraph)-[r]->(:Bcgraph) RETURN 'dating' AS kind, CASE WHEN r.year IS NULL THEN 'undated' ELSE 'dated' END AS key, count(*) AS count
UNION ALL
MATCH (:Bcgraph)-[r]->(:Bcgraph) WHERE NOT r.reference RETURN 'chapter' AS kind, toString(r.chapter) AS key, count(*) AS count
UNION ALL
MATCH (:Bcgraph)-[r]->(:Bcgraph)
UNWIND [['inferred', r.inferred], ['restated', r.also_quote IS NOT NULL], ['ranged', r.year_end IS NOT NULL], ['approx', r.approx]] AS f
WITH f WHERE f[1] = true
RETURN 'marks' AS kind, f[0] AS key, count(*) AS count
