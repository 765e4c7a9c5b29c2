-- The officers' desk on the web: one-time login links and sessions (both stored hashed: a copy
-- of the database must not let anyone in), and a dossier's forwarding to the province.
CREATE TABLE desk_logins (
    token_hash TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
);

CREATE TABLE desk_sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL,
    csrf       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX desk_sessions_user ON desk_sessions (user_id);

ALTER TABLE registrations ADD COLUMN forwarded_at TEXT;
ALTER TABLE registrations ADD COLUMN forwarded_by BIGINT;
