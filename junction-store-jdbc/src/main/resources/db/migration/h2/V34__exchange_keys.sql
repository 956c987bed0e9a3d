-- The record keys of each exchange (issue 18): one row per key, keyed by one number,
-- exchange id * 2^20 + the key's position, instead of (exchange_id, key_position) with a
-- cascading foreign key. On H2 a table with a single bigint primary key is stored in that key's order, so
-- a key costs its row and the record_key index; the composite key also kept a hidden row id and an
-- index of its own, and each key checked the foreign key: 2.5x the cost per key, and the exchange
-- log wrote 100 keys per page read and per batch written. An exchange's keys are the id range
-- [id * 2^20, (id + 1) * 2^20); the store deletes them with their exchange.
create table exchange_keys (
    id          bigint not null,
    record_key  character varying not null,
    constraint exchange_keys_pk primary key (id)
);
insert into exchange_keys (id, record_key)
    select exchange_id * 1048576 + key_position, record_key from exchange_record_keys where key_position < 1048576;
create index exchange_keys_record_key on exchange_keys (record_key);
drop table exchange_record_keys;
