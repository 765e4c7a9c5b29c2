-- Self-assessments: one row per attempt, every answer written when it is given.
CREATE TABLE assessments (
    id               INTEGER PRIMARY KEY,
    user_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    sheet            INTEGER NOT NULL CHECK (sheet BETWEEN 1 AND 26),
    product_name     TEXT CHECK (length(product_name) <= 120),
    status           TEXT NOT NULL DEFAULT 'naming'
                     CHECK (status IN ('naming', 'eligibility', 'answering', 'review',
                                       'completed', 'rejected', 'abandoned')),
    position         INTEGER NOT NULL DEFAULT 0,   -- index of the current question
    message_id       INTEGER,                      -- the question message edited in place
    failed_condition TEXT,                         -- eligibility condition answered "no"
    total            REAL,
    band             INTEGER,
    stars            INTEGER,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    completed_at     TEXT
);
CREATE INDEX assessments_by_user ON assessments (user_id, status);

CREATE TABLE assessment_answers (
    assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    code          TEXT    NOT NULL,
    option_index  INTEGER NOT NULL CHECK (option_index >= 0),
    answered_at   TEXT    NOT NULL,
    PRIMARY KEY (assessment_id, code)
);

CREATE TABLE assessment_eligibility (
    assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    condition_id  TEXT    NOT NULL,
    met           INTEGER NOT NULL CHECK (met IN (0, 1)),
    answered_at   TEXT    NOT NULL,
    PRIMARY KEY (assessment_id, condition_id)
);

-- Which flow owns a user's free text right now (product name, a typed option number, …).
CREATE TABLE dialogs (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    flow       TEXT NOT NULL,
    step       TEXT NOT NULL,
    ref        INTEGER,
    updated_at TEXT NOT NULL
);
