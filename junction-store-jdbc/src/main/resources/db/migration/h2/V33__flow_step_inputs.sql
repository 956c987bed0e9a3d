-- What each flow step was given (the record of a call, the value a map read, the items of a forEach,
-- ...), as JSON text, redacted and capped in size like its output; null for steps that take none.
alter table flow_steps add column input character varying;
