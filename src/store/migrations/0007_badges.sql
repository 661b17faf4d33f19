-- Badges and awards (src/badge, BadgeService; choices in docs/badges.md): an organisation's badges
-- (Open Badges 3.0 Achievements with an award rule), their alignments to framework competences,
-- and the awards (one learner's signed credential of a badge, stored as issued).
-- Described in docs/formats/database.md.

CREATE TABLE badges (
    id TEXT NOT NULL PRIMARY KEY,                 -- UUIDv4; the Achievement id is <public url>/badges/<id>
    org_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    criteria TEXT NOT NULL,                       -- criteria narrative
    achievement_type TEXT NOT NULL,               -- OB 3.0 AchievementType ("Badge", "Competency", "ext:...")
    image_svg TEXT,                               -- checked SVG (64 KiB at most), NULL: generated image
    validity_months INTEGER NOT NULL DEFAULT 0,   -- awards expire after this many months; 0: never
    status TEXT NOT NULL CHECK (status IN ('draft', 'active', 'archived')),
    rule_kind TEXT NOT NULL CHECK (rule_kind IN ('manual', 'competence_level', 'target_profile')),
    rule_framework TEXT NOT NULL DEFAULT '',      -- competence_level: framework slug
    rule_framework_version TEXT NOT NULL DEFAULT '',
    rule_competence TEXT NOT NULL DEFAULT '',     -- competence_level: competence code
    rule_level INTEGER NOT NULL DEFAULT 0,        -- competence_level: 1..8
    rule_profile_id TEXT NOT NULL DEFAULT '',     -- target_profile: target profile id
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1             -- +1 on every change (compare-and-set)
);
CREATE INDEX badges_org ON badges (org_id, status);

-- The competences a badge is aligned to (OB Alignment, targetType CFItem), in the badge's order.
CREATE TABLE badge_alignments (
    badge_id TEXT NOT NULL REFERENCES badges (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,                    -- 0-based
    framework TEXT NOT NULL,                      -- framework slug
    framework_version TEXT NOT NULL,
    competence TEXT NOT NULL,                     -- competence code
    PRIMARY KEY (badge_id, position),
    UNIQUE (badge_id, framework, competence)
);

CREATE TABLE badge_awards (
    id TEXT NOT NULL PRIMARY KEY,                 -- UUIDv4; the credential id is urn:uuid:<id>
    badge_id TEXT NOT NULL REFERENCES badges (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    source TEXT NOT NULL CHECK (source IN ('manual', 'automatic')),
    awarded_by TEXT REFERENCES users (id) ON DELETE SET NULL,  -- manual: the person; automatic: NULL
    assessment_id TEXT,                           -- automatic: the assessment whose result met the rule
    reason TEXT NOT NULL,
    evidence TEXT NOT NULL DEFAULT '[]',          -- JSON [{narrative, observed_on, observer}]
    awarded_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL DEFAULT 0,         -- 0: never
    state TEXT NOT NULL CHECK (state IN ('active', 'suspended', 'revoked')),
    state_reason TEXT NOT NULL DEFAULT '',        -- why of the last suspension, reinstatement or revocation
    state_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    state_at BIGINT NOT NULL DEFAULT 0,
    is_public INTEGER NOT NULL DEFAULT 0,         -- 1: the learner made it public
    live INTEGER NOT NULL DEFAULT 1,              -- 1 while it counts as held (0 once revoked or renewed)
    credential TEXT NOT NULL,                     -- the signed OpenBadgeCredential as issued
    version BIGINT NOT NULL DEFAULT 1
);
-- A learner holds a badge at most once at a time.
CREATE UNIQUE INDEX badge_awards_live ON badge_awards (badge_id, user_id) WHERE live = 1;
CREATE INDEX badge_awards_user ON badge_awards (user_id, awarded_at);
CREATE INDEX badge_awards_badge ON badge_awards (badge_id, awarded_at);
