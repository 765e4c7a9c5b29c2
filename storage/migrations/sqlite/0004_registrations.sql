-- Officers and their scope: a whole province (commune_code NULL) or one commune of it.
CREATE TABLE officers (
    user_id       INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    province_code INTEGER NOT NULL,
    commune_code  INTEGER,
    invited_by    INTEGER,
    created_at    TEXT    NOT NULL
);
CREATE INDEX officers_by_scope ON officers (province_code, commune_code);

-- One-time officer invitations; only a hash of the code is kept.
CREATE TABLE invitations (
    id            INTEGER PRIMARY KEY,
    code_hash     TEXT    NOT NULL UNIQUE,
    province_code INTEGER NOT NULL,
    commune_code  INTEGER,
    created_by    INTEGER NOT NULL,
    created_at    TEXT    NOT NULL,
    expires_at    TEXT    NOT NULL,
    used_by       INTEGER,
    used_at       TEXT,
    revoked_at    TEXT
);

-- Every role change and officer decision.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    actor_id   INTEGER,
    action     TEXT NOT NULL,
    subject_id INTEGER,
    details    TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);

-- Consent to the processing of personal data, before the first personal field.
CREATE TABLE consents (
    user_id  INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    version  TEXT NOT NULL,
    given_at TEXT NOT NULL
);

-- Product registrations (Mẫu 01), drafts included, and their timeline.
CREATE TABLE registrations (
    id                 INTEGER PRIMARY KEY,
    user_id            INTEGER REFERENCES users (id) ON DELETE SET NULL,
    status             TEXT NOT NULL DEFAULT 'draft'
                       CHECK (status IN ('draft', 'submitted', 'info_requested', 'accepted',
                                         'rejected', 'withdrawn')),
    step               TEXT,
    org_type           TEXT CHECK (org_type IN ('cooperative', 'cooperative_group', 'sme',
                                                'farm', 'household')),
    org_name           TEXT CHECK (length(org_name) <= 200),
    representative     TEXT CHECK (length(representative) <= 100),
    phone              TEXT CHECK (length(phone) <= 20),
    email              TEXT CHECK (length(email) <= 254),
    province_code      INTEGER,
    commune_code       INTEGER,
    product_name       TEXT CHECK (length(product_name) <= 120),
    sheet              INTEGER CHECK (sheet BETWEEN 1 AND 26),
    kind               TEXT CHECK (kind IN ('first', 'upgrade', 'reevaluation')),
    current_stars      INTEGER CHECK (current_stars BETWEEN 3 AND 5),
    certificate_expiry TEXT,
    assessment_id      INTEGER REFERENCES assessments (id) ON DELETE SET NULL,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    submitted_at       TEXT
);
CREATE INDEX registrations_by_user ON registrations (user_id, status);
CREATE INDEX registrations_by_place ON registrations (province_code, commune_code, status);

CREATE TABLE registration_events (
    id              INTEGER PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    actor_id        INTEGER,
    status          TEXT NOT NULL,
    note            TEXT CHECK (length(note) <= 1000),
    created_at      TEXT NOT NULL
);
CREATE INDEX registration_events_by_registration ON registration_events (registration_id);
