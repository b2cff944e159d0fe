-- SPDX-License-Identifier: GPL-3.0-or-later
-- Gridwork schema, version 6: the supervisor's map (issue 12).

-- Every hotspot and KPI view filters cases by the day they were reported
-- and then by category, tier, source, status and grid: one covering index,
-- so that a year of a district's cases is counted from the index alone.
CREATE INDEX cases_reported_filter
  ON cases (reported_at, grid_id, category, subcategory, tier, source, status, deadline_at);

-- 督办: when the command centre escalated an overdue case (NULL: never).
ALTER TABLE cases ADD COLUMN escalated_at TEXT;
