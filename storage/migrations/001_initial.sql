-- Leap's records. Every row belongs to one (platform, workspace, user_id): a user, or a
-- group under (platform, workspace, '#CHANNEL'). The record itself is kept whole in
-- `data` (JSON text: key order kept, as the TinyDB files keep it); beside it, only the
-- columns a query filters or sorts on. `seq` keeps insertion order for listings, as a
-- TinyDB table does; an update keeps a row's place.

CREATE TABLE profiles (
    platform  text NOT NULL,
    workspace text NOT NULL,
    user_id   text NOT NULL,
    data      json NOT NULL,
    PRIMARY KEY (platform, workspace, user_id)
);

CREATE TABLE conversations (
    platform  text NOT NULL,
    workspace text NOT NULL,
    user_id   text NOT NULL,
    data      json NOT NULL,
    PRIMARY KEY (platform, workspace, user_id)
);

CREATE TABLE groups (
    platform  text NOT NULL,
    workspace text NOT NULL,
    user_id   text NOT NULL,
    data      json NOT NULL,
    PRIMARY KEY (platform, workspace, user_id)
);

-- A user's contacts, oldest first: one ordered index range per user, no sort.
CREATE TABLE contacts (
    platform   text NOT NULL,
    workspace  text NOT NULL,
    user_id    text NOT NULL,
    id         text NOT NULL,
    seq        bigint GENERATED ALWAYS AS IDENTITY,
    created_at timestamptz NOT NULL,
    data       json NOT NULL,
    PRIMARY KEY (platform, workspace, user_id, id)
);
CREATE INDEX contacts_by_user_age ON contacts (platform, workspace, user_id, created_at, seq);

CREATE TABLE interviews (
    platform  text NOT NULL,
    workspace text NOT NULL,
    user_id   text NOT NULL,
    id        text NOT NULL,
    seq       bigint GENERATED ALWAYS AS IDENTITY,
    data      json NOT NULL,
    PRIMARY KEY (platform, workspace, user_id, id)
);

-- Nudges: `state` and `claimed_at` are the truth (a claim updates only them); `data`
-- holds the rest. The two partial indexes hold only what delivery looks for: planned
-- nudges by due time, and claims by age (a claim older than the timeout is retried).
CREATE TABLE nudges (
    platform   text NOT NULL,
    workspace  text NOT NULL,
    user_id    text NOT NULL,
    id         text NOT NULL,
    seq        bigint GENERATED ALWAYS AS IDENTITY,
    due_at     timestamptz NOT NULL,
    state      text NOT NULL,
    claimed_at timestamptz,
    data       json NOT NULL,
    PRIMARY KEY (platform, workspace, user_id, id)
);
CREATE INDEX nudges_planned_by_due ON nudges (due_at) WHERE state = 'planned';
CREATE INDEX nudges_claimed_by_age ON nudges (claimed_at) WHERE state = 'claimed';

CREATE TABLE intros (
    platform  text NOT NULL,
    workspace text NOT NULL,
    user_id   text NOT NULL,
    id        text NOT NULL,
    seq       bigint GENERATED ALWAYS AS IDENTITY,
    data      json NOT NULL,
    PRIMARY KEY (platform, workspace, user_id, id)
);
