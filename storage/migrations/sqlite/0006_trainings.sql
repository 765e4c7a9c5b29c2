-- Training courses announced to producers and officers, their classes, answers and reminders.
-- Times are ISO 8601 in UTC; they are shown and typed in Asia/Ho_Chi_Minh time.
CREATE TABLE trainings (
    id            INTEGER PRIMARY KEY,
    creator_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    status        TEXT    NOT NULL DEFAULT 'draft'
                  CHECK (status IN ('draft', 'planned', 'cancelled')),
    step          TEXT,                            -- the creation flow's step, while a draft
    title         TEXT    CHECK (length(title) <= 200),
    topics        TEXT    NOT NULL DEFAULT '[]',   -- JSON: 1..5 for the standard topics, or text
    starts_at     TEXT,
    ends_at       TEXT,
    venue         TEXT    CHECK (length(venue) <= 300),
    province_code INTEGER,
    commune_code  INTEGER,                         -- set when a commune officer creates it
    audience      TEXT    CHECK (audience IN ('everyone', 'producers', 'officers')),
    broadcast_id  INTEGER,                         -- the announcement, once sent
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    CHECK (ends_at IS NULL OR starts_at IS NULL OR ends_at > starts_at)
);
CREATE INDEX trainings_by_status ON trainings (status, starts_at);
CREATE INDEX trainings_by_creator ON trainings (creator_id, status);

-- Classes of a training, each gathering some communes, with a number of places.
CREATE TABLE training_classes (
    id          INTEGER PRIMARY KEY,
    training_id INTEGER NOT NULL REFERENCES trainings (id) ON DELETE CASCADE,
    name        TEXT    NOT NULL CHECK (length(name) <= 100),
    capacity    INTEGER CHECK (capacity > 0),      -- NULL while the class is being set up
    created_at  TEXT    NOT NULL
);
CREATE INDEX training_classes_by_training ON training_classes (training_id);

CREATE TABLE training_class_communes (
    class_id     INTEGER NOT NULL REFERENCES training_classes (id) ON DELETE CASCADE,
    commune_code INTEGER NOT NULL,
    PRIMARY KEY (class_id, commune_code)
);

-- One answer per person and training; changing it overwrites it.
CREATE TABLE training_rsvps (
    training_id INTEGER NOT NULL REFERENCES trainings (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    class_id    INTEGER REFERENCES training_classes (id) ON DELETE SET NULL,
    answer      TEXT    NOT NULL CHECK (answer IN ('yes', 'no')),
    answered_at TEXT    NOT NULL,
    PRIMARY KEY (training_id, user_id)
);
CREATE INDEX training_rsvps_by_class ON training_rsvps (class_id, answer);
CREATE INDEX training_rsvps_by_user ON training_rsvps (user_id);

-- Reminders of those who accepted, kept so that they survive a restart and go out once.
CREATE TABLE training_reminders (
    training_id INTEGER NOT NULL REFERENCES trainings (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL CHECK (kind IN ('day_before', 'hour_before')),
    due_at      TEXT    NOT NULL,
    sent_at     TEXT,
    PRIMARY KEY (training_id, user_id, kind)
);
CREATE INDEX training_reminders_due ON training_reminders (sent_at, due_at);
