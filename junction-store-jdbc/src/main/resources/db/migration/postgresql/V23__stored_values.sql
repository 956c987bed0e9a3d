-- Stored connection values (postgresql). Keep in step with ../h2/V23__stored_values.sql.
-- The secrets of a connection made through the API or the connect page (its definition says
-- "stored:FIELD" references), as one AES-256-GCM ciphertext of a JSON object under the tenant's data key,
-- bound to tenant and connection. Never plaintext; never returned by any route.
create table stored_values (
    tenant      text not null,
    connection  text not null,
    ciphertext  bytea not null,
    updated_at  timestamp with time zone not null,
    constraint stored_values_pk primary key (tenant, connection)
);
