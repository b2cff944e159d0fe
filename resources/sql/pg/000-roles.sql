-- SPDX-License-Identifier: GPL-3.0-or-later
-- The district server's group roles (see 002-rights.sql). Roles belong to
-- the cluster, so a second database on the same server finds them there.
CREATE EXTENSION IF NOT EXISTS postgis;
DO $$
DECLARE
  group_role text;
BEGIN
  FOREACH group_role IN ARRAY ARRAY['gw_supervisor', 'gw_planner', 'gw_staff', 'gw_personal_data']
  LOOP
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = group_role) THEN
      EXECUTE format ('CREATE ROLE %I NOLOGIN', group_role);
    END IF;
  END LOOP;
END
$$;
