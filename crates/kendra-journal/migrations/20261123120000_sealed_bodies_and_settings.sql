-- Exchange bodies may quote a citizen's details (an ISP common-details answer, a BSK initiate):
-- from now on they are stored sealed with the citizen key (AES-256-GCM), like citizen_records, and
-- the plain columns stay NULL. Rows written before this migration keep their redacted plain bodies
-- until retention purges them.
ALTER TABLE exchanges ADD COLUMN request_body_enc BLOB;
ALTER TABLE exchanges ADD COLUMN response_body_enc BLOB;

-- Settings the operator changes (retention days, operator name, language), one JSON value per key.
-- Never a secret.
CREATE TABLE app_settings (
    key        TEXT PRIMARY KEY,
    value_json TEXT NOT NULL CHECK (json_valid(value_json)),
    updated_ms INTEGER NOT NULL
);
