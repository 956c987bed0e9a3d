-- Mode mirror (h2). Keep in step with ../postgresql/V8__mirror.sql.
-- seen_run: the last run of the sync that read the key (set only by mirror runs); keys a finished full
-- read did not mark are the records gone from the source.
alter table fingerprints add column seen_run character varying;
-- kind: 'write' (a record that could not be written) or 'delete' (a mirror delete that failed; a replay deletes again).
alter table dead_letters add column kind character varying not null default 'write';
