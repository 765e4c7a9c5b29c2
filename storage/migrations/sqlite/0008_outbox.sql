-- The outbox: every notice the bot owes someone (officers' registration notices, decisions to
-- producers, hand-off questions and answers, training reminders), written in the same
-- transaction as the fact it reports and sent by the delivery engine. At least once: a row left
-- 'sending' by a crash is sent again. A 'held' row waits for an officer of its area.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    chat_id         INTEGER,                        -- NULL while held
    kind            TEXT    NOT NULL,               -- what it reports, for logs and counts
    text            TEXT    NOT NULL,               -- HTML, in the recipient's language
    markup          TEXT,                           -- inline keyboard as Bot API JSON
    ref             TEXT,                           -- the fact, e.g. 'registration:12'
    dedupe_key      TEXT    UNIQUE,                 -- one notice per key, written twice or not
    edit_of         INTEGER REFERENCES outbox (id) ON DELETE CASCADE,  -- edit that message
    province_code   INTEGER,                        -- a held notice's area
    commune_code    INTEGER,
    status          TEXT    NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'blocked',
                                      'held')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    not_before      TEXT    NOT NULL,               -- retried after this (UTC, ISO 8601)
    message_id      INTEGER,
    error           TEXT,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL
);
CREATE INDEX outbox_due ON outbox (status, not_before, id);
CREATE INDEX outbox_by_ref ON outbox (ref, status);
CREATE INDEX outbox_held ON outbox (status, province_code, commune_code);
