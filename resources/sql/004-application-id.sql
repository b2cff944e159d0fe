-- SPDX-License-Identifier: GPL-3.0-or-later
-- Gridwork schema, version 4: the file says what it is in its own header
-- (PRAGMA application_id, "GRDW"), so that it is told from other SQLite
-- databases without anything but SQLite reading it (issue 8).
PRAGMA application_id = 1196573783;
