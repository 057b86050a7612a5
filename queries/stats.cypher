// name: stats
// description: Counts of what bcgraph loaded, one row per count: nodes by label, relationships by type, book against reference facts, dated against undated, book ties per chapter; inferred, restated (several quotes), range-dated and approximately dated ties. The twin of 'bcgraph stats'.
MATCH (n:Bcgraph) RETURN 'label' AS kind, n.label AS key, count(*) AS count
UNION ALL
// Every count over the relationships in one pass: they are grouped by all
// that is counted, and each group yields the (kind, key) pairs it counts under.
MATCH (:Bcgraph)-[r]->(:Bcgraph)
WITH type(r) AS type, r.reference AS reference, r.year IS NULL AS undated, r.chapter AS chapter,
     r.inferred = true AS inferred, r.also_quote IS NOT NULL AS restated, r.year_end IS NOT NULL AS ranged,
     r.approx = true AS approx, count(*) AS n
UNWIND [['type', type],
        ['source', CASE WHEN reference THEN 'reference' ELSE 'book' END],
        ['dating', CASE WHEN undated THEN 'undated' ELSE 'dated' END],
        CASE WHEN NOT reference THEN ['chapter', toString(chapter)] END,
        CASE WHEN inferred THEN ['marks', 'inferred'] END,
        CASE WHEN restated THEN ['marks', 'restated'] END,
        CASE WHEN ranged THEN ['marks', 'ranged'] END,
        CASE WHEN approx THEN ['marks', 'approx'] END] AS f
WITH f, n WHERE f IS NOT NULL
RETURN f[0] AS kind, f[1] AS key, sum(n) AS count
