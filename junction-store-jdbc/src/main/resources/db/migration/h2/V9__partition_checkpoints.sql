-- Partitioned reads (h2). Keep in step with ../postgresql/V9__partition_checkpoints.sql.
-- A stream read as several partitions (one per parent record of a sub-stream, one per date slice)
-- keeps one checkpoint row per partition; completed_at marks a partition read to its end, so a run
-- that resumes after a crash skips the slices already done and resumes the others from their own
-- checkpoint. Null for partitions in progress and for the single partition '' of a plain stream.
alter table checkpoints add column completed_at timestamp with time zone;
