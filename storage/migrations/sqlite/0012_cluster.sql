-- Several workers on one database (issue 16). Updates already handled, so that a webhook
-- delivery Telegram retries is not handled twice; leases on claimed work, so that what a dead
-- worker claimed is taken up by the others; and the workers alive, who share Telegram's 30/s.
-- 'applied': a flow stored the update's effect (in that transaction) but its reply may not
-- have gone; 'done': handled to the end.
CREATE TABLE handled_updates (
    update_id  INTEGER PRIMARY KEY,
    handled_at TEXT NOT NULL,
    state      TEXT NOT NULL DEFAULT 'done' CHECK (state IN ('applied', 'done'))
);
CREATE INDEX handled_updates_by_time ON handled_updates (handled_at);

ALTER TABLE outbox ADD COLUMN lease_until TEXT;      -- while 'sending': claimed until then
ALTER TABLE deliveries ADD COLUMN lease_until TEXT;
ALTER TABLE broadcasts ADD COLUMN runner TEXT;         -- the worker sending it, while 'sending'
ALTER TABLE broadcasts ADD COLUMN runner_until TEXT;

CREATE TABLE workers (
    id         TEXT PRIMARY KEY,
    started_at TEXT NOT NULL,
    seen_at    TEXT NOT NULL,
    shares     INTEGER NOT NULL DEFAULT 1  -- the number of workers its budget is divided by
);
