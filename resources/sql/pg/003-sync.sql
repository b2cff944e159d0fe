-- SPDX-License-Identifier: GPL-3.0-or-later
-- Working copies (DESIGN.md "Storage", the district server): each signed-in
-- app or CLI keeps a SpatiaLite copy of its street, as its role may read it,
-- and sends its writes here. change_log says which rows changed since a
-- copy was made; a NOTIFY on channel "gridwork" (payload: the street code)
-- tells every open copy at once.
--
-- Writers of one street are serialised by a transaction-level advisory
-- lock on the street (taken by the first write, or up front by a working
-- copy before it reads what changed). So change_log's sequence grows in
-- commit order per street, and "seq > what I saw" misses nothing.
SET search_path = gridwork, public;

CREATE TABLE change_log (
  seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  street_code text NOT NULL,
  tbl         text NOT NULL,      -- a table, or '*': the whole street was replaced
  row_id      bigint,             -- the row's id; NULL for tables keyed otherwise
  at          timestamptz NOT NULL DEFAULT now (),
  db_role     name NOT NULL DEFAULT current_user
);
CREATE INDEX change_log_street ON change_log (street_code, seq);

-- The lock every writer of a street holds until it commits.
CREATE FUNCTION gw_lock_street (street text)
  RETURNS void
  LANGUAGE sql
AS $$
  SELECT pg_advisory_xact_lock (hashtextextended ('gridwork.street.' || street, 0))
$$;

-- Row triggers: owned by the schema's owner (SECURITY DEFINER), since no
-- signed-in role may write change_log itself. A push sets gridwork.bulk
-- and logs one '*' row instead of one per row.
CREATE FUNCTION gw_log_change ()
  RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog, gridwork, public
AS $$
DECLARE
  street text;
  id     bigint;
BEGIN
  IF current_setting ('gridwork.bulk', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' THEN
    street := OLD.street_code;
  ELSE
    street := NEW.street_code;
  END IF;
  PERFORM gw_lock_street (street);
  -- (Nested IFs: PL/pgSQL does not stop at the first false AND, and a
  -- table keyed otherwise has no id to read.)
  IF TG_ARGV[0] = 'id' THEN
    IF TG_OP = 'DELETE' THEN id := OLD.id; ELSE id := NEW.id; END IF;
    IF TG_OP = 'UPDATE' THEN
      IF OLD.id <> NEW.id THEN
        INSERT INTO change_log (street_code, tbl, row_id) VALUES (street, TG_TABLE_NAME, OLD.id);
      END IF;
    END IF;
  END IF;
  INSERT INTO change_log (street_code, tbl, row_id) VALUES (street, TG_TABLE_NAME, id);
  PERFORM pg_notify ('gridwork', street);
  RETURN NULL;
END
$$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['streets', 'communities', 'grids', 'lots', 'buildings', 'roads',
                           'dwellings', 'households', 'residents', 'workers', 'departments',
                           'users', 'cases', 'case_events', 'visits', 'audit_log', 'grid_plans',
                           'grid_history']
  LOOP
    EXECUTE format ('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I'
                    ' FOR EACH ROW EXECUTE FUNCTION gw_log_change (''id'')', t || '_log', t);
  END LOOP;
  FOREACH t IN ARRAY ARRAY['gridwork_meta', 'resident_tags', 'grid_workers', 'user_grids',
                           'calendar', 'case_time_limits', 'grid_plan_grids', 'grid_plan_lots',
                           'lot_grid_history']
  LOOP
    EXECUTE format ('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I'
                    ' FOR EACH ROW EXECUTE FUNCTION gw_log_change (''table'')', t || '_log', t);
  END LOOP;
END
$$;

-- The streets the signed-in role works in, and as which user of each.
CREATE FUNCTION gw_my_streets ()
  RETURNS TABLE (street_code text, user_id bigint, login text)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, gridwork, public
AS $$
  SELECT r.street_code, r.user_id, u.login
    FROM role_users r
    JOIN users u ON u.street_code = r.street_code AND u.id = r.user_id
   WHERE r.role_name = session_user
   ORDER BY r.street_code
$$;

GRANT SELECT ON change_log TO gw_supervisor, gw_planner, gw_staff;
GRANT EXECUTE ON FUNCTION gw_my_streets (), gw_lock_street (text)
  TO gw_supervisor, gw_planner, gw_staff;

-- A committed grid plan moves more than grids and lots: the teams of
-- retired grids, the staff's grids, and the open cases that follow their
-- place (with a history event each). Planners may do those, and only
-- those columns of cases.
GRANT INSERT, UPDATE, DELETE ON grid_workers, user_grids TO gw_planner;
GRANT UPDATE (grid_id, worker_id, department_id, version) ON cases TO gw_planner;
GRANT INSERT ON case_events TO gw_planner;

-- Every foreign key's columns indexed. Replacing a street (push --replace)
-- deletes its rows, and PostgreSQL checks each deleted row's references:
-- without these, a district's replace scanned millions of history events
-- for each of its workers.
CREATE INDEX users_worker_id_fk ON users (street_code, worker_id);
CREATE INDEX user_grids_grid_id_fk ON user_grids (street_code, grid_id);
CREATE INDEX case_events_user_id_fk ON case_events (street_code, user_id);
CREATE INDEX case_events_from_grid_id_fk ON case_events (street_code, from_grid_id);
CREATE INDEX case_events_to_grid_id_fk ON case_events (street_code, to_grid_id);
CREATE INDEX case_events_from_worker_id_fk ON case_events (street_code, from_worker_id);
CREATE INDEX case_events_to_worker_id_fk ON case_events (street_code, to_worker_id);
CREATE INDEX case_events_from_department_id_fk ON case_events (street_code, from_department_id);
CREATE INDEX case_events_to_department_id_fk ON case_events (street_code, to_department_id);
CREATE INDEX visits_worker_id_fk ON visits (street_code, worker_id);
CREATE INDEX audit_log_user_id_fk ON audit_log (street_code, user_id);
CREATE INDEX grid_plans_user_id_fk ON grid_plans (street_code, user_id);
CREATE INDEX grid_plans_parent_id_fk ON grid_plans (street_code, parent_id);
CREATE INDEX grid_plan_grids_grid_id_fk ON grid_plan_grids (street_code, grid_id);
CREATE INDEX grid_plan_grids_community_id_fk ON grid_plan_grids (street_code, community_id);
CREATE INDEX grid_plan_lots_lot_id_fk ON grid_plan_lots (street_code, lot_id);
CREATE INDEX grid_plan_lots_grid_id_fk ON grid_plan_lots (street_code, grid_id);
CREATE INDEX grid_history_plan_id_fk ON grid_history (street_code, plan_id);
CREATE INDEX lot_grid_history_grid_id_fk ON lot_grid_history (street_code, grid_id);
CREATE INDEX lot_grid_history_plan_id_fk ON lot_grid_history (street_code, plan_id);
CREATE INDEX role_users_user_fk ON role_users (street_code, user_id);
