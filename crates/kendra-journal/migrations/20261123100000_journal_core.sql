-- The journal's core tables. Times are UTC unix milliseconds (columns ending in `_ms`).
-- No column anywhere holds a secret; citizen fields hold AES-256-GCM blobs only.

CREATE TABLE integration_profiles (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    peer          TEXT NOT NULL CHECK (peer IN ('bsk', 'isp', 'header-secrets', 'dci', 'csp')),
    settings_json TEXT NOT NULL CHECK (json_valid(settings_json)),
    created_ms    INTEGER NOT NULL,
    updated_ms    INTEGER NOT NULL
);

-- One citizen's personal data, each field encrypted on its own; purged after the retention.
CREATE TABLE citizen_records (
    id                INTEGER PRIMARY KEY,
    name_enc          BLOB,
    mobile_enc        BLOB,
    email_enc         BLOB,
    aadhaar_ref_enc   BLOB,
    address_enc       BLOB,
    date_of_birth_enc BLOB,
    -- HMAC-SHA256 of the normalised mobile number under a key derived from the citizen key.
    mobile_index      BLOB,
    created_ms        INTEGER NOT NULL,
    purged_ms         INTEGER
);
CREATE INDEX citizen_records_mobile_index ON citizen_records (mobile_index) WHERE mobile_index IS NOT NULL;
CREATE INDEX citizen_records_unpurged ON citizen_records (created_ms) WHERE purged_ms IS NULL;

CREATE TABLE bsk_tickets (
    id           INTEGER PRIMARY KEY,
    user_id      TEXT NOT NULL CHECK (user_id <> '' AND user_id NOT GLOB '*[^0-9]*'),
    ticket_no    TEXT NOT NULL CHECK (ticket_no <> '' AND ticket_no NOT GLOB '*[^0-9]*'),
    service_code TEXT,
    profile      TEXT,
    citizen_id   INTEGER REFERENCES citizen_records (id),
    created_ms   INTEGER NOT NULL,
    UNIQUE (user_id, ticket_no)
);
CREATE INDEX bsk_tickets_ticket_no ON bsk_tickets (ticket_no);

-- ISP applications (request_id, application_id) and BSK applications (one per ticket, appNo once known).
CREATE TABLE applications (
    id             INTEGER PRIMARY KEY,
    peer           TEXT NOT NULL CHECK (peer IN ('bsk', 'isp')),
    profile        TEXT,
    ticket_id      INTEGER REFERENCES bsk_tickets (id),
    request_id     TEXT,
    application_id TEXT,
    applicant_id   TEXT,
    service_code   TEXT,
    app_no         TEXT,
    citizen_id     INTEGER REFERENCES citizen_records (id),
    current_status TEXT,
    created_ms     INTEGER NOT NULL,
    updated_ms     INTEGER NOT NULL
);
CREATE UNIQUE INDEX applications_request_id ON applications (request_id) WHERE request_id IS NOT NULL;
CREATE UNIQUE INDEX applications_ticket_id ON applications (ticket_id) WHERE ticket_id IS NOT NULL;
CREATE INDEX applications_app_no ON applications (app_no) WHERE app_no IS NOT NULL;
CREATE INDEX applications_application_id ON applications (application_id) WHERE application_id IS NOT NULL;
CREATE INDEX applications_citizen_id ON applications (citizen_id) WHERE citizen_id IS NOT NULL;
CREATE INDEX applications_created ON applications (created_ms);
CREATE INDEX applications_status_created ON applications (current_status, created_ms);
CREATE INDEX applications_peer_created ON applications (peer, created_ms);

CREATE TABLE status_history (
    id              INTEGER PRIMARY KEY,
    application_ref INTEGER NOT NULL REFERENCES applications (id),
    status_code     TEXT NOT NULL,
    status_text     TEXT,
    remarks         TEXT,
    action_taken_ms INTEGER,
    recorded_ms     INTEGER NOT NULL,
    actor           TEXT NOT NULL
);
CREATE INDEX status_history_application ON status_history (application_ref, id);

-- Every exchange with a peer. Bodies arrive here already stripped of secrets by the caller.
CREATE TABLE exchanges (
    id              INTEGER PRIMARY KEY,
    direction       TEXT NOT NULL CHECK (direction IN ('outgoing', 'incoming')),
    peer            TEXT NOT NULL,
    profile         TEXT,
    endpoint        TEXT NOT NULL,
    started_ms      INTEGER NOT NULL,
    finished_ms     INTEGER,
    duration_ms     INTEGER,
    http_status     INTEGER,
    outcome         TEXT NOT NULL,
    request_body    TEXT,
    response_body   TEXT,
    bodies_purged_ms INTEGER
);
CREATE INDEX exchanges_peer_started ON exchanges (peer, started_ms);
CREATE INDEX exchanges_started ON exchanges (started_ms);

-- The OTP value itself is never stored.
CREATE TABLE otp_attempts (
    id           INTEGER PRIMARY KEY,
    ticket_ref   INTEGER REFERENCES bsk_tickets (id),
    otp_id       TEXT,
    purpose      TEXT NOT NULL,
    outcome      TEXT NOT NULL,
    attempted_ms INTEGER NOT NULL,
    exchange_id  INTEGER REFERENCES exchanges (id)
);
CREATE INDEX otp_attempts_ticket ON otp_attempts (ticket_ref);

CREATE TABLE signing_requests (
    id          INTEGER PRIMARY KEY,
    profile     TEXT,
    document    TEXT NOT NULL,
    hash_algo   TEXT NOT NULL,
    hash_hex    TEXT NOT NULL,
    state       TEXT NOT NULL,
    peer_ref    TEXT,
    detail      TEXT,
    created_ms  INTEGER NOT NULL,
    updated_ms  INTEGER NOT NULL,
    exchange_id INTEGER REFERENCES exchanges (id)
);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at_ms       INTEGER NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    subject     TEXT NOT NULL,
    detail_json TEXT
);
CREATE INDEX audit_log_at ON audit_log (at_ms);
CREATE INDEX audit_log_subject ON audit_log (subject);
