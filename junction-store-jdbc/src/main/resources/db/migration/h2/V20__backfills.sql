-- Backfill chunks (h2). Keep in step with ../postgresql/V20__backfills.sql.

-- One row per chunk of a backfill: the queued run (runs.id) that reads a sync over [range_from, range_to).
-- Stored before the run is queued, so whichever process claims the run reads the same range. The
-- chunk's progress is kept in checkpoints, under partition 'backfill:FROM..TO' of the sync's state.
create table backfill_chunks (
    run_id        character varying not null,
    backfill_id   character varying not null,
    sync          character varying not null,
    tenant        character varying,
    range_from    timestamp with time zone not null,
    range_to      timestamp with time zone not null,
    chunk         integer not null,
    chunks        integer not null,
    requested_at  timestamp with time zone not null,
    constraint backfill_chunks_pk primary key (run_id)
);
create index backfill_chunks_backfill on backfill_chunks (backfill_id, chunk);
