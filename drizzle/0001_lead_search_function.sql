-- Lead search (filter.search) must find a two-character Chinese query such as 华为 inside
-- 华为技术有限公司 and use an index. pg_trgm needs three characters, so leads carry the set of
-- their names' character bigrams (a generated column with a GIN index); a query's bigrams must
-- all be present, and the exact substring is checked on the few rows that remain.
CREATE FUNCTION sales_search_bigrams(value text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$
  SELECT coalesce(array_agg(DISTINCT substr(folded, i, 2)), '{}')
  FROM (SELECT lower(value) AS folded) AS s, generate_series(1, char_length(folded) - 1) AS i
$$;
