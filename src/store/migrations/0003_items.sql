-- The item bank: one row per item (its current revision) and every revision's body, so that past
-- results stay explainable. Owned by src/item (ItemRepository). Described in docs/formats/items.md,
-- section "In the store and the API".

CREATE TABLE items (
    id TEXT NOT NULL PRIMARY KEY,            -- ^[a-z0-9][a-z0-9.-]{2,63}$, never reused
    framework TEXT NOT NULL,                 -- framework slug
    competence TEXT NOT NULL,                -- competence code in that framework
    skill TEXT,                              -- skill code or NULL
    level INTEGER NOT NULL,                  -- 1..8
    type TEXT NOT NULL,                      -- single_choice | multiple_choice | short_text | numeric | ordering | matching
    status TEXT NOT NULL,                    -- 'active' | 'retired' (retired items are kept, never drawn)
    revision BIGINT NOT NULL,                -- 1 on creation, +1 on every change
    source TEXT NOT NULL,                    -- 'file' (last written by an import) | 'page' (edited since)
    body TEXT NOT NULL,                      -- the item as JSON (JsonScope kFull)
    a DOUBLE PRECISION NOT NULL,             -- effective IRT discrimination
    b DOUBLE PRECISION NOT NULL,             -- effective IRT difficulty
    anchor INTEGER NOT NULL DEFAULT 0,       -- 1: parameters fixed during calibration
    created_at BIGINT NOT NULL,
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX items_competence ON items (framework, competence, level);

CREATE TABLE item_revisions (
    item_id TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    revision BIGINT NOT NULL,
    source TEXT NOT NULL,                    -- 'file' | 'page' | 'api' | 'status'
    body TEXT NOT NULL,                      -- the item at that revision (JsonScope kFull)
    created_at BIGINT NOT NULL,
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    PRIMARY KEY (item_id, revision)
);
