-- Records the platforms need beside Leap's own (storage/app_records.py): Slack
-- installations (they hold tokens), OAuth states, and the ids of events already taken,
-- which all processes on this database share. `value` is JSON text; a row with an
-- `expires_at` in the past reads as missing and is swept away.

CREATE TABLE app_records (
    kind       text NOT NULL,
    key        text NOT NULL,
    value      text NOT NULL,
    expires_at timestamptz,
    saved_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, key)
);

CREATE INDEX app_records_expiry ON app_records (kind, expires_at) WHERE expires_at IS NOT NULL;
