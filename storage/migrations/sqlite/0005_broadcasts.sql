-- Announcements: anyone may opt out; a broadcast's recipients are snapshot into deliveries.
ALTER TABLE users ADD COLUMN announcements INTEGER NOT NULL DEFAULT 1
    CHECK (announcements IN (0, 1));

CREATE TABLE broadcasts (
    id                   INTEGER PRIMARY KEY,
    sender_id            INTEGER REFERENCES users (id) ON DELETE SET NULL,
    text                 TEXT    NOT NULL DEFAULT '' CHECK (length(text) <= 3500),  -- as typed
    photo                TEXT,                          -- Telegram file_id
    audience             TEXT    CHECK (audience IN ('everyone', 'producers', 'officers',
                                                     'training')),
    province_code        INTEGER,                       -- NULL: everywhere
    commune_code         INTEGER,                       -- NULL: the whole province
    audience_training_id INTEGER,                       -- audience 'training': whose RSVP
    training_id          INTEGER,                       -- a training's announcement: RSVP buttons
    status               TEXT    NOT NULL DEFAULT 'draft'
                         CHECK (status IN ('draft', 'sending', 'cancelled', 'done')),
    step                 TEXT,                          -- where the sender is in composing it
    recipients           INTEGER NOT NULL DEFAULT 0,
    progress_message_id  INTEGER,                       -- the sender's progress, edited in place
    created_at           TEXT    NOT NULL,
    started_at           TEXT,
    finished_at          TEXT
);
CREATE INDEX broadcasts_by_status ON broadcasts (status, id);
CREATE INDEX broadcasts_by_sender ON broadcasts (sender_id, status);

-- One row per recipient. 'sending' is written before the request and 'sent' right after, so
-- after a crash only the requests in flight are ambiguous; they become 'unknown', never resent.
CREATE TABLE deliveries (
    id           INTEGER PRIMARY KEY,
    broadcast_id INTEGER NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
    chat_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status       TEXT    NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'blocked', 'unknown')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    message_id   INTEGER,
    error        TEXT,
    updated_at   TEXT    NOT NULL,
    UNIQUE (broadcast_id, chat_id)
);
CREATE INDEX deliveries_by_status ON deliveries (broadcast_id, status, id);
CREATE INDEX deliveries_by_chat ON deliveries (chat_id);
