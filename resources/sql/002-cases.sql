-- SPDX-License-Identifier: GPL-3.0-or-later
-- Gridwork schema, version 2: the case closed loop (issue 3).

-- Time limits per case category. Tier B cases are due within working_days
-- working days (seed 000: "7日内进行反馈"); tier C cases report progress every
-- report_days calendar days. A category without a row takes the defaults.
CREATE TABLE case_time_limits (
  category     TEXT PRIMARY KEY,
  working_days INTEGER NOT NULL DEFAULT 7 CHECK (working_days BETWEEN 1 AND 365),
  report_days  INTEGER NOT NULL DEFAULT 30 CHECK (report_days BETWEEN 1 AND 365)
);
INSERT INTO case_time_limits (category) VALUES
  ('living_environment'), ('urban_housing'), ('civil_mediation'), ('health_elderly'),
  ('medical'), ('education'), ('transport'), ('employment');

-- Structured history of reroutes (the text columns keep the names a person
-- reads; these keep what undo and reports need), and the satisfaction an
-- evaluation gave.
ALTER TABLE case_events ADD COLUMN from_grid_id INTEGER REFERENCES grids (id);
ALTER TABLE case_events ADD COLUMN to_grid_id INTEGER REFERENCES grids (id);
ALTER TABLE case_events ADD COLUMN from_worker_id INTEGER REFERENCES workers (id);
ALTER TABLE case_events ADD COLUMN to_worker_id INTEGER REFERENCES workers (id);
ALTER TABLE case_events ADD COLUMN from_department_id INTEGER REFERENCES departments (id);
ALTER TABLE case_events ADD COLUMN to_department_id INTEGER REFERENCES departments (id);
ALTER TABLE case_events ADD COLUMN satisfaction INTEGER CHECK (satisfaction BETWEEN 1 AND 5);

-- Who did what to an object (case:NX…): the case page and audits read it.
CREATE INDEX audit_log_object ON audit_log (object);
-- Open-load counts per status (the departments list, the grid list).
CREATE INDEX cases_status ON cases (status);
