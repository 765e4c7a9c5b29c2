-- Everyone who writes to the bot.
CREATE TABLE users (
    id               INTEGER PRIMARY KEY,          -- Telegram user id
    first_name       TEXT    NOT NULL,
    last_name        TEXT,
    username         TEXT,
    telegram_language TEXT,                        -- language_code Telegram reports
    language         TEXT CHECK (language IN ('vi', 'en')),  -- the user's own choice, if any
    role             TEXT    NOT NULL DEFAULT 'producer'
                     CHECK (role IN ('producer', 'officer', 'admin')),
    accepts_messages INTEGER NOT NULL DEFAULT 1 CHECK (accepts_messages IN (0, 1)),
    first_seen       TEXT    NOT NULL,
    last_seen        TEXT    NOT NULL
);

CREATE INDEX users_role ON users (role);
