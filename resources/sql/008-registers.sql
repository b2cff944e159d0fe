-- SPDX-License-Identifier: GPL-3.0-or-later
-- Gridwork schema, version 8: households from the registers (issue 10). A
-- register numbers its households (户号), by which its residents' sheet
-- names them, and says how many people each has, whether or not all of
-- them are registered as residents here.

ALTER TABLE households ADD COLUMN number TEXT;
ALTER TABLE households ADD COLUMN size INTEGER CHECK (size IS NULL OR size > 0);
CREATE UNIQUE INDEX households_number ON households (number) WHERE number IS NOT NULL;
