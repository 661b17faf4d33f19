-- Who a campaign assesses (src/campaign, issue 7; choices in docs/campaigns.md): the "job" by which
-- a coordinator's territory figures are broken down. One of mediator, social_worker,
-- front_desk_agent, helper, job_seeker, learner (campaign::kAudiences); '' on campaigns stored
-- before this migration, shown as "not stated". Described in docs/formats/database.md.

ALTER TABLE campaigns ADD COLUMN audience TEXT NOT NULL DEFAULT '';
