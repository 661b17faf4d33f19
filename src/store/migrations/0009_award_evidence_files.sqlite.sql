-- Evidence files of manual awards (src/badge, BadgeService::AwardManually; choices in
-- docs/badges.md): PDF, PNG or JPEG files (type checked from their bytes, 2 MiB at most, three per
-- award) attached by the mediator to what was observed. Deleted with their award (CASCADE), hence
-- with the learner's account. SQLite version (bytes as BLOB); 0009_award_evidence_files.postgres.sql
-- is the same table with BYTEA. Described in docs/formats/database.md.

CREATE TABLE badge_award_files (
    id TEXT NOT NULL PRIMARY KEY,                 -- UUIDv4; downloaded at <public url>/preuves/<award>/<id>
    award_id TEXT NOT NULL REFERENCES badge_awards (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,                    -- 0-based order in the award
    name TEXT NOT NULL,                           -- sanitised file name (100 bytes at most)
    media_type TEXT NOT NULL CHECK (media_type IN ('application/pdf', 'image/png', 'image/jpeg')),
    size BIGINT NOT NULL,                         -- bytes
    sha256 TEXT NOT NULL,                         -- lower-case hex of the bytes
    data BLOB NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (award_id, position)
);
