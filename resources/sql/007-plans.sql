-- SPDX-License-Identifier: GPL-3.0-or-later
-- Gridwork schema, version 7: grid planning (issue 11). A draft plan gives
-- every lot of the street a grid of the draft; a draft grid continues a live
-- grid (grid_id) or is new. Committing a plan rewrites the live grids as the
-- dissolve of their lots and keeps what they were: grid_history holds the
-- old geometry, code and name of a grid a plan changed or retired, and
-- lot_grid_history the grid each changed lot had, both until when, so that
-- past cases and statistics still map to the grid they had.

ALTER TABLE grid_plans ADD COLUMN parent_id INTEGER REFERENCES grid_plans (id);
ALTER TABLE grid_plans ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

CREATE TABLE grid_plan_grids (
  plan_id      INTEGER NOT NULL REFERENCES grid_plans (id) ON DELETE CASCADE,
  key          INTEGER NOT NULL,                 -- the draft's own number of the grid
  grid_id      INTEGER REFERENCES grids (id),    -- the live grid it continues; NULL: new
  community_id INTEGER NOT NULL REFERENCES communities (id),
  name         TEXT NOT NULL DEFAULT '',
  locked       INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (plan_id, key)
) WITHOUT ROWID;

-- The draft grid of each lot (NULL: unassigned); grid_id keeps, once the
-- plan is committed, the live grid the lot went to.
ALTER TABLE grid_plan_lots ADD COLUMN grid_key INTEGER;

-- A grid a committed plan retired keeps its row (cases still point at it)
-- but leaves the map, the lists and the counts.
ALTER TABLE grids ADD COLUMN retired_at TEXT;

CREATE TABLE grid_history (
  id           INTEGER PRIMARY KEY,
  grid_id      INTEGER NOT NULL REFERENCES grids (id),
  plan_id      INTEGER REFERENCES grid_plans (id),
  code         TEXT NOT NULL,
  name         TEXT NOT NULL,
  community_id INTEGER NOT NULL,
  valid_to     TEXT NOT NULL                      -- when the plan replaced it
);
CREATE INDEX grid_history_grid ON grid_history (grid_id, valid_to);

CREATE TABLE lot_grid_history (
  lot_id   INTEGER NOT NULL REFERENCES lots (id),
  grid_id  INTEGER REFERENCES grids (id),
  plan_id  INTEGER REFERENCES grid_plans (id),
  valid_to TEXT NOT NULL,
  PRIMARY KEY (lot_id, valid_to)
) WITHOUT ROWID;
