-- Mediation places (national standard v1). Owned by src/places (PlaceRepository). Described in
-- docs/formats/places.md, section "In the store".

CREATE TABLE places (
    id TEXT NOT NULL PRIMARY KEY,            -- the standard's id (producer's identifier)
    organization_id TEXT REFERENCES organizations (id) ON DELETE SET NULL,  -- NULL: imported, no owner
    status TEXT NOT NULL,                    -- 'draft' | 'published'
    department TEXT NOT NULL DEFAULT '',     -- INSEE département code derived from code_insee/code_postal
    insee TEXT NOT NULL DEFAULT '',          -- code_insee ('' when not given)
    latitude DOUBLE PRECISION,               -- NULL when the place has no coordinates
    longitude DOUBLE PRECISION,
    services TEXT NOT NULL,                  -- '|' + the services joined with '|' + '|' (LIKE '%|S|%')
    body TEXT NOT NULL,                      -- the full v1 place as a JSON object (ExportJson's form)
    hours_unparsed INTEGER NOT NULL DEFAULT 0,  -- 1: horaires given but not parsed
    source TEXT NOT NULL,                    -- 'import' | 'page' | 'demo'
    created_at BIGINT NOT NULL,
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX places_organization ON places (organization_id);
CREATE INDEX places_department ON places (department, status);
