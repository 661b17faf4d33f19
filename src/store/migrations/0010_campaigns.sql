-- Campaigns of organisations (src/campaign, CampaignService; choices in docs/campaigns.md): a
-- campaign positions a group against a target profile; a participation is one person's part in it;
-- participation_competences keeps the levels a participant shared (a snapshot taken when they
-- pressed "share", deleted when they leave). Described in docs/formats/database.md.

CREATE TABLE campaigns (
    id TEXT NOT NULL PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    target_profile_id TEXT NOT NULL,              -- framework target profile id (no foreign key: profiles are replaced on import)
    type TEXT NOT NULL CHECK (type IN ('assessment', 'profile_collection')),
    settings TEXT NOT NULL,                       -- JSON {"se_target", "max_length", "allowed_needs"}
    opens_at BIGINT NOT NULL DEFAULT 0,           -- 0: open from creation
    closes_at BIGINT NOT NULL DEFAULT 0,          -- 0: never closes
    retry_allowed INTEGER NOT NULL DEFAULT 0 CHECK (retry_allowed IN (0, 1)),
    retry_after_days INTEGER NOT NULL DEFAULT 0,  -- days after completion before a new participation
    external_id_label TEXT NOT NULL DEFAULT '',   -- '' : no external id asked
    external_id_purpose TEXT NOT NULL DEFAULT '',
    code TEXT NOT NULL UNIQUE,                    -- 8 characters of ABCDEFGHJKLMNPQRSTUVWXYZ23456789
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    archived_at BIGINT NOT NULL DEFAULT 0         -- 0: not archived
);
CREATE INDEX campaigns_org ON campaigns (organization_id, created_at);

CREATE TABLE participations (
    id TEXT NOT NULL PRIMARY KEY,
    campaign_id TEXT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    external_id TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('started', 'completed', 'shared', 'left')),
    assessment_id TEXT REFERENCES assessments (id) ON DELETE SET NULL,
    live INTEGER NOT NULL DEFAULT 1 CHECK (live IN (0, 1)),  -- 1: the person's current participation
    consent_at BIGINT NOT NULL,                   -- when the person accepted what the organisation will see
    completed_at BIGINT NOT NULL DEFAULT 0,
    shared_at BIGINT NOT NULL DEFAULT 0,
    left_at BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
-- One current participation per person and campaign (a retry retires the previous one).
CREATE UNIQUE INDEX participations_live ON participations (campaign_id, user_id) WHERE live = 1;
CREATE INDEX participations_campaign ON participations (campaign_id, status);
CREATE INDEX participations_user ON participations (user_id, created_at);
CREATE INDEX participations_assessment ON participations (assessment_id);

-- The levels a participant shared, one row per competence of the campaign's profile, in its order.
CREATE TABLE participation_competences (
    participation_id TEXT NOT NULL REFERENCES participations (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,                    -- 0-based, the profile's order
    framework TEXT NOT NULL,
    competence TEXT NOT NULL,
    level INTEGER NOT NULL,                       -- 1..8
    level_low INTEGER NOT NULL,
    level_high INTEGER NOT NULL,
    target_level INTEGER NOT NULL,                -- the profile's requirement at share time
    verdict TEXT NOT NULL CHECK (verdict IN ('met', 'gap', 'uncertain')),
    PRIMARY KEY (participation_id, position)
);
