-- SPDX-License-Identifier: GPL-3.0-or-later
-- Gridwork schema, version 9: KPIs and the overdue board (issue 12).

-- The response rate times each case from its first dispatch to the
-- handler taking it up: two small partial indexes read both in case order
-- without touching the 1.6 million other history rows of a district year.
CREATE INDEX case_events_dispatch ON case_events (case_id, at) WHERE kind = 'dispatch';
CREATE INDEX case_events_start ON case_events (case_id, at) WHERE kind = 'start';
