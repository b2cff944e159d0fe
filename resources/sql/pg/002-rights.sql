-- SPDX-License-Identifier: GPL-3.0-or-later
-- Rights on the district server, enforced by PostgreSQL itself (DESIGN.md
-- "Storage"). Each person signs in as a login role of their own, member of
-- one of three group roles:
--   gw_supervisor  every street's cases and households; changes cases
--   gw_planner     every street's places and grids; changes the grid plans
--   gw_staff       only the cases and households of their own grids (row-
--                  level security), found through role_users → user_grids
-- and, on top, gw_personal_data: who may read resident ID numbers and phones.
-- Everybody else reads residents and household phones through the masking
-- views. The audit log is append-only: INSERT and SELECT only, for everyone
-- but its owner. The group roles are created by the code that runs this
-- script (they belong to the cluster, not to this database).
SET search_path = gridwork, public;

-- Which user of which street a login role is (a PostgreSQL role signs in;
-- user_grids says which grids that user serves).
CREATE TABLE role_users (
  role_name   name NOT NULL,
  street_code text NOT NULL,
  user_id     bigint NOT NULL,
  PRIMARY KEY (role_name, street_code),
  FOREIGN KEY (street_code, user_id) REFERENCES users (street_code, id) ON DELETE CASCADE
);

-- The grids and households of a login role. SECURITY DEFINER: they read the
-- mapping tables, which the role itself may not; the role is passed in,
-- since inside them current_user is their owner.
CREATE FUNCTION gw_grids_of (role name)
  RETURNS TABLE (street_code text, grid_id bigint)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, gridwork, public
AS $$
  SELECT ug.street_code, ug.grid_id
    FROM role_users r
    JOIN user_grids ug ON ug.street_code = r.street_code AND ug.user_id = r.user_id
   WHERE r.role_name = role
$$;

CREATE FUNCTION gw_households_of (role name)
  RETURNS TABLE (street_code text, household_id bigint)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, gridwork, public
AS $$
  SELECT h.street_code, h.id
    FROM gw_grids_of (role) g
    JOIN lots l ON l.street_code = g.street_code AND l.grid_id = g.grid_id
    JOIN buildings b ON b.street_code = l.street_code AND b.lot_id = l.id
    JOIN dwellings d ON d.street_code = b.street_code AND d.building_id = b.id
    JOIN households h ON h.street_code = d.street_code AND h.dwelling_id = d.id
$$;

-- Who may see every row of the streets (not only their grids' rows).
CREATE FUNCTION gw_sees_all ()
  RETURNS boolean
  LANGUAGE sql STABLE
AS $$
  SELECT pg_has_role (current_user, 'gw_supervisor', 'MEMBER')
      OR pg_has_role (current_user, 'gw_planner', 'MEMBER')
$$;

-- Masks personal data: an ID number keeps its first 6 and last 4
-- characters (region and check digit; the birth date goes), a phone its
-- first 3 and last 4, as Chinese notices print them (GB/T 35273-2020 de-
-- identification practice).
CREATE FUNCTION gw_mask (value text, head int, tail int)
  RETURNS text
  LANGUAGE sql IMMUTABLE
AS $$
  SELECT CASE
    WHEN value IS NULL THEN NULL
    WHEN length (value) <= head + tail THEN repeat ('*', length (value))
    ELSE left (value, head) || repeat ('*', length (value) - head - tail) || right (value, tail)
  END
$$;

CREATE FUNCTION gw_sees_personal_data ()
  RETURNS boolean
  LANGUAGE sql STABLE
AS $$
  SELECT pg_has_role (current_user, 'gw_personal_data', 'MEMBER')
$$;

-- Row-level security: staff see and change their grids' rows only.
ALTER TABLE cases ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE households ENABLE ROW LEVEL SECURITY;
ALTER TABLE residents ENABLE ROW LEVEL SECURITY;
ALTER TABLE resident_tags ENABLE ROW LEVEL SECURITY;
ALTER TABLE visits ENABLE ROW LEVEL SECURITY;

CREATE POLICY everything ON cases TO gw_supervisor, gw_planner USING (true);
CREATE POLICY own_grids ON cases TO gw_staff
  USING ((street_code, grid_id) IN (SELECT * FROM gw_grids_of (current_user)))
  WITH CHECK ((street_code, grid_id) IN (SELECT * FROM gw_grids_of (current_user)));

CREATE POLICY everything ON case_events TO gw_supervisor, gw_planner USING (true);
CREATE POLICY own_grids ON case_events TO gw_staff
  USING ((street_code, case_id) IN (SELECT street_code, id FROM cases));

CREATE POLICY everything ON households TO gw_supervisor, gw_planner USING (true);
CREATE POLICY own_grids ON households TO gw_staff
  USING ((street_code, id) IN (SELECT * FROM gw_households_of (current_user)))
  WITH CHECK ((street_code, id) IN (SELECT * FROM gw_households_of (current_user)));

CREATE POLICY everything ON residents TO gw_supervisor, gw_planner USING (true);
CREATE POLICY own_grids ON residents TO gw_staff
  USING ((street_code, household_id) IN (SELECT * FROM gw_households_of (current_user)));

CREATE POLICY everything ON visits TO gw_supervisor, gw_planner USING (true);
CREATE POLICY own_grids ON visits TO gw_staff
  USING ((street_code, household_id) IN (SELECT * FROM gw_households_of (current_user)))
  WITH CHECK ((street_code, household_id) IN (SELECT * FROM gw_households_of (current_user)));

-- The masking views run with their owner's rights (they read the tables
-- whole), so they apply the grid rule of the policies themselves.
CREATE VIEW residents_masked WITH (security_barrier) AS
  SELECT r.street_code, r.id, r.household_id, r.name, r.sex, r.birth_date, r.relation,
         CASE WHEN gw_sees_personal_data () THEN r.id_number
              ELSE gw_mask (r.id_number, 6, 4) END AS id_number,
         CASE WHEN gw_sees_personal_data () THEN r.phone
              ELSE gw_mask (r.phone, 3, 4) END AS phone,
         r.extra
    FROM residents r
   WHERE gw_sees_all ()
      OR (r.street_code, r.household_id) IN (SELECT * FROM gw_households_of (current_user));

CREATE VIEW households_masked WITH (security_barrier) AS
  SELECT h.street_code, h.id, h.dwelling_id, h.head_name,
         CASE WHEN gw_sees_personal_data () THEN h.phone
              ELSE gw_mask (h.phone, 3, 4) END AS phone,
         h.hukou, h.extra, h.number, h.size
    FROM households h
   WHERE gw_sees_all ()
      OR (h.street_code, h.id) IN (SELECT * FROM gw_households_of (current_user));

CREATE POLICY everything ON resident_tags TO gw_supervisor, gw_planner USING (true);
CREATE POLICY own_grids ON resident_tags TO gw_staff
  USING ((street_code, resident_id) IN (SELECT street_code, id FROM residents_masked));

-- What each group may do. Nothing is granted on the schema's tables to
-- PUBLIC: a role of no group reads nothing.
REVOKE ALL ON ALL TABLES IN SCHEMA gridwork FROM PUBLIC;
GRANT USAGE ON SCHEMA gridwork TO gw_supervisor, gw_planner, gw_staff, gw_personal_data;

GRANT SELECT ON gridwork_meta, server_meta, streets, communities, grids, lots, buildings, roads,
                dwellings, workers, grid_workers, departments, users, user_grids, calendar,
                case_time_limits, cases, case_events, visits, grid_plans, grid_plan_grids,
                grid_plan_lots, grid_history, lot_grid_history, resident_tags,
                residents_masked, households_masked
  TO gw_supervisor, gw_planner, gw_staff;
-- Households without their phone; the phone through households_masked.
GRANT SELECT (street_code, id, dwelling_id, head_name, hukou, extra, number, size)
  ON households TO gw_supervisor, gw_planner, gw_staff;
GRANT SELECT ON residents, households TO gw_personal_data;

GRANT INSERT, UPDATE ON cases, case_events TO gw_supervisor, gw_staff;
GRANT INSERT, UPDATE ON visits TO gw_staff;
GRANT INSERT, UPDATE, DELETE ON grids, lots, buildings, roads, grid_plans, grid_plan_grids,
                                grid_plan_lots, grid_history, lot_grid_history
  TO gw_planner;

-- The audit log: read and append, never rewrite; db_role is always the
-- writer's own (its default), never given.
GRANT SELECT ON audit_log TO gw_supervisor, gw_planner, gw_staff;
GRANT INSERT (street_code, id, at, user_id, action, object, detail) ON audit_log
  TO gw_supervisor, gw_planner, gw_staff;

GRANT USAGE ON ALL SEQUENCES IN SCHEMA gridwork TO gw_supervisor, gw_planner, gw_staff;
