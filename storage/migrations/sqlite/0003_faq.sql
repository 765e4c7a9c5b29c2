-- Every question asked, what the bot did with it, and whether the asker found it helpful.
CREATE TABLE faq_log (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    text       TEXT    NOT NULL CHECK (length(text) <= 1000),
    outcome    TEXT    NOT NULL CHECK (outcome IN ('answer', 'criterion', 'suggestions', 'none')),
    entry_id   TEXT,
    helpful    INTEGER CHECK (helpful IN (0, 1)),
    handoff_id INTEGER,                      -- set once the asker forwarded it to officers
    created_at TEXT    NOT NULL
);
CREATE INDEX faq_log_feedback ON faq_log (outcome, helpful);

-- Questions handed off to officers, and their answers.
CREATE TABLE handoffs (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    text         TEXT    NOT NULL CHECK (length(text) <= 1000),
    status       TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered')),
    answer       TEXT    CHECK (length(answer) <= 2000),
    answered_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    answered_at  TEXT,
    faq_entry_id TEXT,
    created_at   TEXT    NOT NULL
);
CREATE INDEX handoffs_by_status ON handoffs (status, created_at);

-- FAQ entries added at run time by admins, from officers' answers.
CREATE TABLE faq_entries (
    id         TEXT PRIMARY KEY,
    question   TEXT NOT NULL,
    answer_vi  TEXT NOT NULL,
    answer_en  TEXT NOT NULL DEFAULT '',
    source     TEXT NOT NULL,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
