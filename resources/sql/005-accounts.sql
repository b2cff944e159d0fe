-- SPDX-License-Identifier: GPL-3.0-or-later
-- Gridwork schema, version 5: accounts (issue 10). Users sign in with a
-- password, stored only as a libsodium crypto_pwhash string (Argon2id, with
-- its own salt and cost); demo users have none. The last sign-in is kept so
-- that the next start can offer it.
ALTER TABLE users ADD COLUMN password_hash TEXT;
ALTER TABLE users ADD COLUMN last_sign_in_at TEXT;
