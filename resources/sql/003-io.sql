-- SPDX-License-Identifier: GPL-3.0-or-later
-- Gridwork schema, version 3: import and export (issue 4).

-- Source fields with no Gridwork counterpart, kept per feature as a JSON
-- object (field name → text) and written back on export.
ALTER TABLE grids ADD COLUMN extra TEXT;
ALTER TABLE lots ADD COLUMN extra TEXT;
ALTER TABLE buildings ADD COLUMN extra TEXT;
ALTER TABLE roads ADD COLUMN extra TEXT;
ALTER TABLE households ADD COLUMN extra TEXT;
ALTER TABLE residents ADD COLUMN extra TEXT;
ALTER TABLE workers ADD COLUMN extra TEXT;
ALTER TABLE cases ADD COLUMN extra TEXT;
