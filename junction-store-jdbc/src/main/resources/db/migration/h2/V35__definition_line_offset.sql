-- Where each definition version's document starts in its file (h2).
-- Keep in step with ../postgresql/V35__definition_line_offset.sql.
-- A definition is stored as its own YAML document; line_offset is the number of lines before that
-- document in the file it was applied from (origin), so a definition loaded again from the store
-- is placed on the lines it has in that file, not from line 1 (the third document of a
-- connections.yaml was at connections.yaml (applied):1:1). Versions saved before are 0.
alter table definition_versions add column line_offset integer not null default 0;
