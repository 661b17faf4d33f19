-- Competency frameworks (one row per version), the CASE identifier index of their items, and
-- target profiles. Owned by src/framework (FrameworkRepository). Described in
-- docs/formats/frameworks.md, section "Storage".

CREATE TABLE framework_versions (
    id TEXT NOT NULL PRIMARY KEY,            -- "<slug>@<version>"
    slug TEXT NOT NULL,                      -- framework id, ^[a-z0-9][a-z0-9-]{1,63}$
    version TEXT NOT NULL,                   -- ^[0-9]+(\.[0-9]+){0,2}$
    identifier TEXT NOT NULL,                -- CASE CFDocument identifier (UUID, lower case)
    name TEXT NOT NULL,                      -- French name, for lists
    name_en TEXT NOT NULL DEFAULT '',        -- English name, for lists
    competence_count INTEGER NOT NULL,
    status TEXT NOT NULL,                    -- 'current' (one per slug) | 'superseded'
    source TEXT NOT NULL,                    -- 'shipped' | 'native' | 'case' | 'edit'
    document TEXT NOT NULL,                  -- the framework in the native JSON format
    created_at BIGINT NOT NULL,
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT framework_versions_slug_version_key UNIQUE (slug, version)
);
CREATE INDEX framework_versions_identifier ON framework_versions (identifier);
-- At most one current version per framework, even under concurrent imports.
CREATE UNIQUE INDEX framework_versions_current ON framework_versions (slug) WHERE status = 'current';

CREATE TABLE framework_items (
    version_id TEXT NOT NULL REFERENCES framework_versions (id) ON DELETE CASCADE,
    identifier TEXT NOT NULL,                -- CASE CFItem identifier (UUID, lower case)
    kind TEXT NOT NULL,                      -- 'area' | 'competence' | 'skill' | 'level'
    code TEXT NOT NULL,                      -- area/competence/skill code; '<competence>#<level>' for levels
    PRIMARY KEY (version_id, identifier)
);
CREATE INDEX framework_items_identifier ON framework_items (identifier);

CREATE TABLE target_profiles (
    id TEXT NOT NULL PRIMARY KEY,            -- profile id (same pattern as a framework id)
    name TEXT NOT NULL,                      -- French name, for lists
    document TEXT NOT NULL,                  -- the profile in the native JSON format, versions resolved
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT REFERENCES users (id) ON DELETE SET NULL
);
