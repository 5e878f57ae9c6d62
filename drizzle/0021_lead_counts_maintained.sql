-- Issue 13: lead_counts (leads/lead-count.table.ts) kept exact in the same transaction as every
-- change to leads. One statement-level trigger per event sums the statement's changes per
-- (team, owner, tier, status), so an import of 5,000 leads is one upsert per key, not 5,000,
-- and a lead change that moves no count (a contact time, a name) writes nothing. Keys are
-- written in sorted order: two statements changing the same keys take their row locks in the
-- same order, so they wait for each other but never deadlock on them.
CREATE FUNCTION sales_count_lead_changes() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  added CONSTANT text := 'SELECT team_id, owner_id, tier, status, 1 AS delta FROM sales_new_leads WHERE merged_into_id IS NULL';
  removed CONSTANT text := 'SELECT team_id, owner_id, tier, status, -1 AS delta FROM sales_old_leads WHERE merged_into_id IS NULL';
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM lead_counts;
    RETURN NULL;
  END IF;
  -- Each event's trigger has only its own transition tables, so the changes' source is chosen here.
  EXECUTE format(
    'INSERT INTO lead_counts AS c (team_id, owner_id, tier, status, leads)
     SELECT team_id, owner_id, tier, status, sum(delta)::integer FROM (%s) AS changes
     GROUP BY team_id, owner_id, tier, status
     HAVING sum(delta) <> 0
     ORDER BY team_id, owner_id, tier, status
     ON CONFLICT (team_id, owner_id, tier, status) DO UPDATE SET leads = c.leads + excluded.leads',
    CASE TG_OP WHEN 'INSERT' THEN added WHEN 'DELETE' THEN removed ELSE added || ' UNION ALL ' || removed END
  );
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER leads_counted_on_insert AFTER INSERT ON leads REFERENCING NEW TABLE AS sales_new_leads FOR EACH STATEMENT EXECUTE FUNCTION sales_count_lead_changes();
--> statement-breakpoint
CREATE TRIGGER leads_counted_on_update AFTER UPDATE ON leads REFERENCING OLD TABLE AS sales_old_leads NEW TABLE AS sales_new_leads FOR EACH STATEMENT EXECUTE FUNCTION sales_count_lead_changes();
--> statement-breakpoint
CREATE TRIGGER leads_counted_on_delete AFTER DELETE ON leads REFERENCING OLD TABLE AS sales_old_leads FOR EACH STATEMENT EXECUTE FUNCTION sales_count_lead_changes();
--> statement-breakpoint
CREATE TRIGGER leads_counted_on_truncate AFTER TRUNCATE ON leads FOR EACH STATEMENT EXECUTE FUNCTION sales_count_lead_changes();
--> statement-breakpoint
INSERT INTO lead_counts (team_id, owner_id, tier, status, leads)
SELECT team_id, owner_id, tier, status, count(*)::integer FROM leads WHERE merged_into_id IS NULL GROUP BY team_id, owner_id, tier, status;
