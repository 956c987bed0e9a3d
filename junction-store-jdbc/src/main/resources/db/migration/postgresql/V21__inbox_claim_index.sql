-- The claim's order check looks for an older unfinished event of the same subscriber and record key:
-- with the due time in the index before the id, a range on it skips the finished events (due time
-- null) instead of reading each of them.
drop index inbox_events_target_record_key_id;
create index inbox_events_target_record_key_due_at_id on inbox_events (target, record_key, due_at, id);
