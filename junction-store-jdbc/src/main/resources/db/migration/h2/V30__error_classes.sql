-- How a failure was classified, beside its text (h2). Keep in step with ../postgresql/V30__error_classes.sql.

-- A failed run's error and a dead letter's reason gain their category (retryable, auth, permanent)
-- and code (the provider's own code when it gave one, e.g. -32602 or soap:Client, else Junction's,
-- e.g. http_422); both null when nothing was classified (older rows, runs stopped for other reasons).
alter table runs add column error_category varchar(16);
alter table runs add column error_code varchar(200);
alter table dead_letters add column error_category varchar(16);
alter table dead_letters add column error_code varchar(200);
