-- SPDX-License-Identifier: GPL-3.0-or-later
-- Gridwork schema, version 1: the whole domain model of DESIGN.md.
-- Geometry columns are added by the store with AddGeometryColumn() so that
-- SpatiaLite's metadata and spatial indexes register them (QGIS opens the file).

CREATE TABLE gridwork_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE streets (
  id            INTEGER PRIMARY KEY,
  code          TEXT NOT NULL UNIQUE,          -- district 6 + street 3
  name          TEXT NOT NULL,
  district_name TEXT NOT NULL
);

CREATE TABLE communities (
  id        INTEGER PRIMARY KEY,
  street_id INTEGER NOT NULL REFERENCES streets (id),
  code      TEXT NOT NULL UNIQUE,              -- street 9 + community 3
  name      TEXT NOT NULL
);
CREATE INDEX communities_street ON communities (street_id);

CREATE TABLE grids (
  id           INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES communities (id),
  code         TEXT NOT NULL UNIQUE CHECK (length (code) = 15),
  name         TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX grids_community ON grids (community_id);

CREATE TABLE lots (
  id           INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES communities (id),
  grid_id      INTEGER REFERENCES grids (id),
  name         TEXT NOT NULL DEFAULT '',         -- compound (小区) or block name
  kind         TEXT NOT NULL DEFAULT 'compound'  -- compound | shops | public | open
);
CREATE INDEX lots_grid ON lots (grid_id);
CREATE INDEX lots_community ON lots (community_id);

CREATE TABLE buildings (
  id       INTEGER PRIMARY KEY,
  lot_id   INTEGER NOT NULL REFERENCES lots (id),
  name     TEXT NOT NULL DEFAULT '',          -- number or name, e.g. 3号楼
  address  TEXT NOT NULL DEFAULT '',          -- door plate, e.g. 宁夏路18号
  use      TEXT NOT NULL DEFAULT 'residential', -- residential | mixed | shop | public
  floors   INTEGER NOT NULL DEFAULT 1 CHECK (floors > 0),
  units    INTEGER NOT NULL DEFAULT 1 CHECK (units > 0),
  built_year INTEGER
);
CREATE INDEX buildings_lot ON buildings (lot_id);

CREATE TABLE roads (
  id    INTEGER PRIMARY KEY,
  name  TEXT NOT NULL DEFAULT '',
  class TEXT NOT NULL DEFAULT 'lane'            -- main | secondary | lane
);

CREATE TABLE dwellings (
  id          INTEGER PRIMARY KEY,
  building_id INTEGER NOT NULL REFERENCES buildings (id),
  code        TEXT NOT NULL UNIQUE CHECK (length (code) = 11 AND code NOT GLOB '*[^0-9]*'),
  unit        INTEGER NOT NULL DEFAULT 1,
  floor       INTEGER NOT NULL DEFAULT 1,
  room        TEXT NOT NULL,
  area_m2     REAL
);
CREATE INDEX dwellings_building ON dwellings (building_id);

CREATE TABLE households (
  id          INTEGER PRIMARY KEY,
  dwelling_id INTEGER NOT NULL REFERENCES dwellings (id),
  head_name   TEXT NOT NULL,
  phone       TEXT,
  hukou       TEXT NOT NULL DEFAULT 'local'    -- local | floating | separated (人户分离)
);
CREATE INDEX households_dwelling ON households (dwelling_id);

CREATE TABLE residents (
  id           INTEGER PRIMARY KEY,
  household_id INTEGER NOT NULL REFERENCES households (id),
  name         TEXT NOT NULL,
  sex          TEXT NOT NULL CHECK (sex IN ('M', 'F')),
  birth_date   TEXT NOT NULL,                  -- YYYY-MM-DD
  relation     TEXT NOT NULL DEFAULT 'head',   -- head | spouse | child | parent | grandchild | other
  id_number    TEXT,                           -- personal data: masked unless the role may see it
  phone        TEXT
);
CREATE INDEX residents_household ON residents (household_id);

-- elderly_alone | disabled | low_income | unemployed | floating | key_care | party_member
CREATE TABLE resident_tags (
  resident_id INTEGER NOT NULL REFERENCES residents (id) ON DELETE CASCADE,
  tag         TEXT NOT NULL,
  PRIMARY KEY (resident_id, tag)
) WITHOUT ROWID;

CREATE TABLE workers (
  id    INTEGER PRIMARY KEY,
  name  TEXT NOT NULL,
  phone TEXT NOT NULL DEFAULT '',
  org   TEXT NOT NULL DEFAULT ''               -- party branch, police station, community office …
);

-- 一格多员: party_branch (first responsible) | street_cadre | community_cadre |
-- building_leader | police | volunteer | social_worker
CREATE TABLE grid_workers (
  grid_id   INTEGER NOT NULL REFERENCES grids (id),
  worker_id INTEGER NOT NULL REFERENCES workers (id),
  role      TEXT NOT NULL,
  is_first  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (grid_id, worker_id, role)
);
CREATE INDEX grid_workers_worker ON grid_workers (worker_id);

CREATE TABLE departments (
  id    INTEGER PRIMARY KEY,
  name  TEXT NOT NULL UNIQUE,
  level TEXT NOT NULL DEFAULT 'district',      -- district | street
  phone TEXT NOT NULL DEFAULT ''
);

CREATE TABLE users (
  id        INTEGER PRIMARY KEY,
  login     TEXT NOT NULL UNIQUE,
  name      TEXT NOT NULL,
  role      TEXT NOT NULL CHECK (role IN ('planner', 'supervisor', 'staff')),
  worker_id INTEGER REFERENCES workers (id)
);
CREATE TABLE user_grids (
  user_id INTEGER NOT NULL REFERENCES users (id),
  grid_id INTEGER NOT NULL REFERENCES grids (id),
  PRIMARY KEY (user_id, grid_id)
);

-- Working calendar: only days that differ from the Mon–Fri rule are stored.
CREATE TABLE calendar (
  day        TEXT PRIMARY KEY,                 -- YYYY-MM-DD
  is_workday INTEGER NOT NULL,
  name       TEXT NOT NULL DEFAULT ''
);

CREATE TABLE cases (
  id               INTEGER PRIMARY KEY,
  code             TEXT NOT NULL UNIQUE,
  grid_id          INTEGER NOT NULL REFERENCES grids (id),
  category         TEXT NOT NULL,              -- one of the 8 major classes (key)
  subcategory      TEXT NOT NULL DEFAULT '',
  scope            TEXT NOT NULL DEFAULT 'small' CHECK (scope IN ('private', 'small', 'big')),
  tier             TEXT NOT NULL CHECK (tier IN ('A', 'B', 'C')),
  source           TEXT NOT NULL,              -- building_leader | patrol | hotline | qr_code | mailbox | walk_in
  status           TEXT NOT NULL,              -- reported | registered | dispatched | in_progress |
                                               -- done_reported | closed | evaluated | rework | deferred | rejected
  description      TEXT NOT NULL DEFAULT '',
  reporter_name    TEXT,
  reporter_phone   TEXT,
  worker_id        INTEGER REFERENCES workers (id),
  department_id    INTEGER REFERENCES departments (id),
  reported_at      TEXT NOT NULL,              -- YYYY-MM-DD HH:MM:SS, local time
  deadline_at      TEXT,
  closed_at        TEXT,
  satisfaction     INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
  second_routing   INTEGER NOT NULL DEFAULT 0,
  version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX cases_grid_status ON cases (grid_id, status);
CREATE INDEX cases_worker ON cases (worker_id);
CREATE INDEX cases_department ON cases (department_id);

CREATE TABLE case_events (
  id            INTEGER PRIMARY KEY,
  case_id       INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  at            TEXT NOT NULL,
  user_id       INTEGER REFERENCES users (id),
  kind          TEXT NOT NULL,                 -- transition name or 'reroute'
  from_status   TEXT,
  to_status     TEXT,
  from_assignee TEXT,
  to_assignee   TEXT,
  reason        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_events_case ON case_events (case_id);

CREATE TABLE visits (
  id           INTEGER PRIMARY KEY,
  household_id INTEGER NOT NULL REFERENCES households (id),
  worker_id    INTEGER REFERENCES workers (id),
  visited_at   TEXT NOT NULL,
  note         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX visits_household ON visits (household_id);

CREATE TABLE audit_log (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  user_id   INTEGER REFERENCES users (id),
  action    TEXT NOT NULL,                     -- view | export | reroute | transition | import | plan_commit
  object    TEXT NOT NULL,                     -- e.g. 'grid:370203003001001'
  detail    TEXT NOT NULL DEFAULT ''
);

-- Grid plan history (DESIGN.md "Grid planning"): committed plans are kept.
CREATE TABLE grid_plans (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL,
  state        TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'committed')),
  created_at   TEXT NOT NULL,
  committed_at TEXT,
  user_id      INTEGER REFERENCES users (id)
);
CREATE TABLE grid_plan_lots (
  plan_id INTEGER NOT NULL REFERENCES grid_plans (id) ON DELETE CASCADE,
  lot_id  INTEGER NOT NULL REFERENCES lots (id),
  grid_id INTEGER REFERENCES grids (id),
  PRIMARY KEY (plan_id, lot_id)
) WITHOUT ROWID;
