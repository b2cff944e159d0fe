-- SPDX-License-Identifier: GPL-3.0-or-later
-- Gridwork schema, version 10: what each column kept from an import holds
-- (issue 15), so that personal data is masked by field, not by layer.

-- The extra attributes of a layer (the JSON column extra) by name: their
-- class, guessed at import from the name and the values and confirmed by
-- whoever imported. Export, masking and the audit log read it; a column
-- with no row here is not personal, but ID and mobile numbers found in its
-- values are masked all the same.
CREATE TABLE field_classes (
  layer     TEXT NOT NULL,   -- residents, households, buildings, cases, …
  field     TEXT NOT NULL,   -- the key in extra
  class     TEXT NOT NULL CHECK (class IN ('public', 'id_number', 'phone', 'name', 'address',
                                           'free_text')),
  confirmed INTEGER NOT NULL DEFAULT 0,   -- said by a person, not guessed
  PRIMARY KEY (layer, field)
) WITHOUT ROWID;
