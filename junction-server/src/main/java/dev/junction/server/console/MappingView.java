package dev.junction.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.engine.Engine;
import dev.junction.engine.EngineException;
import dev.junction.engine.MappingText;
import dev.junction.engine.Mappings;
import dev.junction.mapping.EffectiveMapping;
import dev.junction.mapping.suggest.Suggestion;
import dev.junction.runtime.Tenants;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SyncSpec;
import dev.junction.store.StoredDefinition;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the mapping editor shows for a sync and a draft, asked of the engine as the mapping API asks it:
 * the effective mapping of the draft (validated together with what is applied), the streams' fields
 * (their stored schemas, the records previewed, the suggestions), the automapper's suggestions, and a
 * preview of sample source records through the draft. Reads of the source happen only on the steps
 * that ask for them (Suggest, Preview, Accept), never on a GET.
 */
public final class MappingView {
    static final int SAMPLE = 3;
    static final int SUGGEST_SAMPLE = 50;
    static final double MIN_SCORE = 0.6;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The draft as the form carries it: the Sync's YAML text, the version it started from, the tenant
     * and destination stream chosen, the suggestions shown (target and source path, index-aligned) and
     * the problems Save found.
     */
    public record Draft(String text, int base, String tenant, String stream, List<String> targets, List<String> sources, List<String> problems,
            String lastAccepted) {
        Draft(String text, int base, String tenant, String stream, List<String> targets, List<String> sources) {
            this(text, base, tenant, stream, targets, sources, List.of(), null);
        }

        static Draft of(Context ctx, int current) {
            String text = ctx.formParam("draft");
            if (text == null || text.isBlank()) {
                throw new dev.junction.server.ApiProblem.BadRequest("The form lacks the draft ('draft': the Sync's YAML); open the editor again.");
            }
            String base = ctx.formParam("base");
            List<String> targets = ctx.formParams("sd");
            List<String> sources = ctx.formParams("ss");
            if (targets.size() != sources.size()) {
                throw new dev.junction.server.ApiProblem.BadRequest("The form's suggestions are cut: " + targets.size() + " targets ('sd') for "
                        + sources.size() + " sources ('ss'); open the editor again.");
            }
            return new Draft(text.replace("\r\n", "\n"), base != null && base.matches("[0-9]{1,9}") ? Integer.parseInt(base) : current,
                    blankToNull(ctx.formParam("tenant")), blankToNull(ctx.formParam("stream")), targets, sources);
        }

        Draft withText(String newText) {
            return new Draft(newText, base, tenant, stream, targets, sources, problems, lastAccepted);
        }

        Draft withoutSuggestion(int index) {
            List<String> t = new ArrayList<>(targets);
            List<String> s = new ArrayList<>(sources);
            String accepted = t.remove(index) + " ← " + s.remove(index);
            return new Draft(text, base, tenant, stream, t, s, problems, accepted);
        }

        Draft withProblems(List<String> found) {
            return new Draft(text, base, tenant, stream, targets, sources, found, lastAccepted);
        }
    }

    /** A mapping line of the draft: {@code change} is {@code new} or {@code changed} against the applied version, else empty. */
    public record Line(String target, String source, String origin, String change) {}

    /** A suggestion to accept: its number in the form, and how well it scored. */
    public record SuggestionRow(int index, String destination, String source, String score) {}

    /** One previewed record: what came in and what the draft made of it, as JSON text, and the fields that failed. */
    public record PreviewRow(String input, String output, Map<String, String> errors) {}

    /** The editor page. */
    public record Page(String sync, boolean perTenant, List<String> tenants, String tenant, Draft draft, boolean canEdit, boolean changed,
            String sourceLabel, String destinationLabel, List<String> sourceFields, List<String> destinationFields, List<Line> lines,
            List<String> streams, String stream, List<SuggestionRow> suggestions, boolean suggested, List<String> unmatched, boolean previewed,
            List<PreviewRow> preview, String lookupProblem, String message, List<String> problems) {}

    private final Engine engine;

    MappingView(Engine engine) {
        this.engine = engine;
    }

    Page page(SyncSpec spec, Draft draft, boolean canEdit, boolean suggest, boolean preview, String message) {
        LoadResult applied = engine.definitions().applied();
        StoredDefinition current = engine.definitions().get("Sync", spec.name());
        boolean changed = !draft.text().strip().equals(current.source().strip());
        List<String> problems = new ArrayList<>(draft.problems());
        LoadResult definitions = applied;
        if (changed) {
            LoadResult withDraft = engine.definitions().withApplied(List.of(new SourceText(current.origin(), draft.text())));
            if (withDraft.ok()) {
                definitions = withDraft;
            } else if (problems.isEmpty()) {
                withDraft.problems().forEach(p -> problems.add(p.toString()));
            }
        }
        List<String> tenants = spec.perTenant() ? Tenants.eligible(applied, spec) : List.of();
        String tenant = spec.perTenant() ? (draft.tenant() != null && tenants.contains(draft.tenant()) ? draft.tenant() : tenants.isEmpty() ? null : tenants.getFirst()) : null;
        SyncSpec bound = tenant == null ? spec : Tenants.bind(applied, spec, tenant);
        String source = bound.source().connection();
        String destination = bound.destination().connection();
        List<String> streams = streams(applied, destination);
        String stream = draft.stream() != null && streams.contains(draft.stream()) ? draft.stream()
                : spec.audit() != null && streams.contains(spec.audit().stream()) ? spec.audit().stream() : streams.isEmpty() ? null : streams.getFirst();

        List<Line> lines = lines(definitions, applied, spec.name(), tenant);
        Set<String> sourceFields = new LinkedHashSet<>(schemaFields(source, bound.source().stream()));
        Set<String> destinationFields = new LinkedHashSet<>(schemaFields(destination, stream));
        lines.forEach(l -> destinationFields.add(l.target()));

        List<String> targets = new ArrayList<>(draft.targets());
        List<String> sources = new ArrayList<>(draft.sources());
        List<String> unmatched = List.of();
        Map<String, String> scores = new java.util.HashMap<>();
        String note = message;
        boolean runnable = source != null && destination != null && stream != null && (!spec.perTenant() || tenant != null);
        if (suggest && runnable) {
            try {
                Mappings.Suggestions found = engine.mappings().suggest(applied, source, bound.source().stream(), destination, stream, SUGGEST_SAMPLE,
                        MIN_SCORE, bound.destination().key());
                targets.clear();
                sources.clear();
                Map<String, String> mapped = new java.util.HashMap<>();
                lines.forEach(l -> mapped.put(l.target(), l.source()));
                for (Suggestion s : found.pairs()) {
                    if (s.source().path().equals(mapped.get(s.destination().path()))) {
                        continue; // mapped so already
                    }
                    targets.add(s.destination().path());
                    sources.add(s.source().path());
                    scores.put(s.destination().path(), String.format(java.util.Locale.ROOT, "%.2f", s.score()));
                }
                unmatched = found.unmatched();
                destinationFields.addAll(found.unmatched());
            } catch (EngineException e) {
                note = "No suggestions: " + e.getMessage() + ".";
            }
        } else if (suggest) {
            note = "No suggestions: the sync's source is not a connector stream, or no tenant can run it yet.";
        }
        List<SuggestionRow> rows = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            rows.add(new SuggestionRow(i, targets.get(i), sources.get(i), scores.getOrDefault(targets.get(i), "")));
            sourceFields.add(sources.get(i));
            destinationFields.add(targets.get(i));
        }
        List<PreviewRow> previewed = new ArrayList<>();
        String lookupProblem = null;
        boolean didPreview = false;
        if (preview && problems.isEmpty() && runnable) {
            try {
                Mappings.Previews found = engine.mappings().preview(definitions, spec.name(), tenant, SAMPLE);
                for (Mappings.Preview p : found.records()) {
                    previewed.add(new PreviewRow(pretty(p.input()), pretty(p.output()), p.errors()));
                    fields(p.input(), "", sourceFields);
                }
                lookupProblem = found.lookupProblem();
                didPreview = true;
            } catch (EngineException e) {
                note = (note == null ? "" : note + " ") + "No preview: " + e.getMessage() + ".";
            }
        }
        Draft carried = new Draft(draft.text(), draft.base(), tenant, stream, targets, sources, draft.problems(), draft.lastAccepted());
        return new Page(spec.name(), spec.perTenant(), tenants, tenant, carried, canEdit, changed, side(source, bound.source().stream()),
                side(destination, bound.destination().action()), List.copyOf(sourceFields), List.copyOf(destinationFields), lines, streams, stream,
                rows, suggest, unmatched, didPreview, previewed, lookupProblem, note, problems);
    }

    /** The draft's effective lines, each marked new or changed against the applied sync's. */
    private List<Line> lines(LoadResult draft, LoadResult applied, String sync, String tenant) {
        Map<String, String> before = new java.util.HashMap<>();
        for (EffectiveMapping.Line l : engine.mappings().effective(applied, sync, tenant, null).lines()) {
            before.put(l.mapping().target(), MappingText.describe(l.mapping().value()));
        }
        List<Line> lines = new ArrayList<>();
        for (EffectiveMapping.Line l : engine.mappings().effective(draft, sync, tenant, null).lines()) {
            String source = MappingText.describe(l.mapping().value());
            String change = !before.containsKey(l.mapping().target()) ? "new" : Objects.equals(before.get(l.mapping().target()), source) ? "" : "changed";
            lines.add(new Line(l.mapping().target(), source, l.origin(), l.removed() ? "removed" : change));
        }
        return lines;
    }

    private static List<String> streams(LoadResult definitions, String connection) {
        ConnectionSpec c = connection == null ? null : definitions.connections().get(connection);
        ConnectorSpec connector = c == null || c.connector() == null ? null : definitions.connectors().get(c.connector());
        return connector == null || connector.streams() == null ? List.of() : List.copyOf(connector.streams().keySet());
    }

    /** The fields of the stream's stored schema, as dotted paths; none when the engine has none stored. */
    private List<String> schemaFields(String connection, String stream) {
        if (connection == null || stream == null) {
            return List.of();
        }
        try {
            Set<String> paths = new LinkedHashSet<>();
            schemaPaths(engine.schemas().show(connection, stream, 0).schema(), "", paths);
            return List.copyOf(paths);
        } catch (EngineException.NotFound e) {
            return List.of();
        }
    }

    private static void schemaPaths(JsonNode schema, String prefix, Set<String> paths) {
        Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
        while (properties.hasNext()) {
            Map.Entry<String, JsonNode> p = properties.next();
            String path = prefix + p.getKey();
            if (p.getValue().path("properties").isObject()) {
                schemaPaths(p.getValue(), path + ".", paths);
            } else {
                paths.add(path);
            }
        }
    }

    private static void fields(JsonNode record, String prefix, Set<String> paths) {
        Iterator<Map.Entry<String, JsonNode>> it = record.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getValue().isObject()) {
                fields(f.getValue(), prefix + f.getKey() + ".", paths);
            } else {
                paths.add(prefix + f.getKey());
            }
        }
    }

    private static String side(String connection, String streamOrAction) {
        return (connection == null ? "(not a connection)" : connection) + (streamOrAction == null ? "" : " · " + streamOrAction);
    }

    private static String pretty(JsonNode node) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return String.valueOf(node);
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
