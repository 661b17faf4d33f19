-- Adaptive tests of learners (src/assessment/service, AssessmentService): one row per test and one
-- row per answer. The engine state is never stored: it is rebuilt by replaying the answers in
-- order with the IRT parameters stored with each of them. Described in docs/formats/database.md.

CREATE TABLE assessments (
    id TEXT NOT NULL PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    target_profile_id TEXT NOT NULL,         -- profile id (the requirements are copied into config)
    status TEXT NOT NULL CHECK (status IN ('in_progress', 'completed')),
    stop_reason TEXT NOT NULL DEFAULT '',    -- '' while in progress, else se_target | max_length | bank_exhausted
    seed BIGINT NOT NULL,                    -- option shuffles (seed, item id) and exposure draws (seed, position)
    needs INTEGER NOT NULL DEFAULT 0,        -- bit mask: 1 screen reader, 2 no colour, 4 no timer
    config TEXT NOT NULL,                    -- JSON: engine settings and the profile requirements at start
    pending_item_id TEXT,                    -- item shown and not answered yet, or NULL
    pending_position INTEGER NOT NULL DEFAULT 0,  -- its 1-based position, 0 when none
    answered INTEGER NOT NULL DEFAULT 0,     -- answers stored
    score INTEGER,                           -- 0..100 once completed, else NULL
    version BIGINT NOT NULL DEFAULT 1,       -- +1 on every change (compare-and-set)
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    completed_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX assessments_user ON assessments (user_id, created_at);

CREATE TABLE assessment_answers (
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,               -- 1-based
    item_id TEXT NOT NULL,                   -- items(id), not a foreign key: results outlive the bank
    item_revision BIGINT NOT NULL,           -- the revision answered (item_revisions keeps its body)
    framework TEXT NOT NULL,
    competence TEXT NOT NULL,
    response TEXT,                           -- the learner's response as JSON; NULL = "je ne sais pas"
    credit DOUBLE PRECISION NOT NULL,        -- item::Score::Fraction(), 0 for "je ne sais pas"
    engine_score DOUBLE PRECISION NOT NULL,  -- what the engine was given (0 or 1: dichotomous on full credit)
    model TEXT NOT NULL DEFAULT '2pl',       -- category model used for the answer
    a DOUBLE PRECISION NOT NULL,             -- IRT parameters used (replayed with these)
    b DOUBLE PRECISION NOT NULL,
    answered_at BIGINT NOT NULL,
    PRIMARY KEY (assessment_id, position),
    UNIQUE (assessment_id, item_id)
);
