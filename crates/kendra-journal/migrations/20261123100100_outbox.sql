-- The outbox: everything that must reach a peer, inserted in the same transaction as its cause.

CREATE TABLE outbox_items (
    id                  INTEGER PRIMARY KEY,
    peer                TEXT NOT NULL,
    profile             TEXT NOT NULL,
    endpoint_kind       TEXT NOT NULL,
    -- ISP request_id or BSK ticket: per (peer, ordering_key) items are delivered strictly in id order.
    ordering_key        TEXT NOT NULL,
    status_code         TEXT,
    payload_json        TEXT NOT NULL CHECK (json_valid(payload_json)),
    state               TEXT NOT NULL CHECK (state IN ('queued', 'in_flight', 'delivered', 'retry_wait', 'held', 'cancelled')),
    due_ms              INTEGER NOT NULL,
    attempts            INTEGER NOT NULL DEFAULT 0,
    last_failure_class  TEXT,
    last_failure_detail TEXT,
    possibly_delivered  INTEGER NOT NULL DEFAULT 0,
    cancel_reason       TEXT,
    created_ms          INTEGER NOT NULL,
    updated_ms          INTEGER NOT NULL,
    delivered_ms        INTEGER
);
-- The head of each ordering key: the oldest item not yet delivered or cancelled.
CREATE INDEX outbox_items_pending_key ON outbox_items (peer, ordering_key, id)
    WHERE state NOT IN ('delivered', 'cancelled');
CREATE INDEX outbox_items_due ON outbox_items (due_ms, id) WHERE state IN ('queued', 'retry_wait');
CREATE INDEX outbox_items_state ON outbox_items (state, id);
CREATE INDEX outbox_items_key ON outbox_items (ordering_key, id);

CREATE TABLE outbox_attempts (
    id            INTEGER PRIMARY KEY,
    item_id       INTEGER NOT NULL REFERENCES outbox_items (id),
    attempt_no    INTEGER NOT NULL,
    started_ms    INTEGER NOT NULL,
    finished_ms   INTEGER NOT NULL,
    outcome       TEXT NOT NULL CHECK (outcome IN ('delivered', 'failed')),
    failure_class TEXT,
    detail        TEXT,
    exchange_id   INTEGER REFERENCES exchanges (id)
);
CREATE INDEX outbox_attempts_item ON outbox_attempts (item_id, id);

-- Every payload edit keeps what was there before.
CREATE TABLE outbox_payload_edits (
    id               INTEGER PRIMARY KEY,
    item_id          INTEGER NOT NULL REFERENCES outbox_items (id),
    edited_ms        INTEGER NOT NULL,
    actor            TEXT NOT NULL,
    previous_payload TEXT NOT NULL,
    new_payload      TEXT NOT NULL
);
