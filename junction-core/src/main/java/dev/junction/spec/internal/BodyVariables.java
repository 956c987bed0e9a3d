package dev.junction.spec.internal;

import dev.junction.spec.PaginationSpec;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Warns of a variable that a stream's or action's JSONata body ({@code request.body},
 * {@code jsonrpc.params}, {@code graphql.variables}) reads but that nothing binds there: it
 * evaluates to nothing, so {@code { 'page': $page }} sends {@code {}} on every page and the read
 * fails later with "page 2 is identical to page 1". What is bound: in a stream {@code $since}, the
 * pagination's own ({@code $cursor} with cursor and relay, {@code $offset}/{@code $limit} with
 * offset, {@code $page}/{@code $size} with page) and a partition's {@code $parent} or
 * {@code $slice}; in an action {@code $record} (one record per call) or {@code $records} (batch).
 */
final class BodyVariables {
    private static final List<String> PAGINATION = List.of("cursor", "offset", "limit", "page", "size");

    private BodyVariables() {}

    static void stream(Fields stream, PaginationSpec pagination) {
        Set<String> bound = new LinkedHashSet<>();
        switch (pagination) {
            case PaginationSpec.Cursor c -> bound.add("cursor");
            case PaginationSpec.Relay r -> bound.add("cursor");
            case PaginationSpec.Offset o -> bound.addAll(List.of("offset", "limit"));
            case PaginationSpec.Page p -> bound.addAll(List.of("page", "size"));
            case null, default -> { }
        }
        bound.add("since");
        bound.add("config");
        if (stream.has("parent")) {
            bound.add("parent");
        }
        if (stream.has("slice")) {
            bound.add("slice");
        }
        check(stream, bound, "stream's pagination (" + type(pagination) + ")", advancing(pagination));
    }

    /** Whether the stream's {@code request.body} expression reads {@code $variable} (e.g. {@code $since} in a search body). */
    static boolean streamBodyReads(Fields stream, String variable) {
        if (stream.node("job") instanceof YamlNode.Mapping job && job.get("start") instanceof YamlNode.Mapping start
                && start.get("body") instanceof YamlNode.Scalar body && body.text() != null && ExpressionVariables.reads(body.text(), variable)) {
            return true; // a job's start body: the job is made for what changed since the checkpoint
        }
        if (!(stream.node("request") instanceof YamlNode.Mapping request)) {
            return false;
        }
        Fields section = Fields.of(request, stream.child("request"), stream.keyLocation("request"), stream.problems());
        return section.node("body") instanceof YamlNode.Scalar scalar && scalar.text() != null && ExpressionVariables.reads(scalar.text(), variable);
    }

    /** The variable that moves from page to page when the pagination travels only in the body, else null. */
    private static String advancing(PaginationSpec pagination) {
        return switch (pagination) {
            case PaginationSpec.Cursor c when c.in() == PaginationSpec.CursorIn.BODY -> "cursor";
            case PaginationSpec.Relay r -> "cursor";
            case PaginationSpec.Offset o when o.in() == PaginationSpec.CursorIn.BODY -> "offset";
            case PaginationSpec.Page p when p.in() == PaginationSpec.CursorIn.BODY -> "page";
            case null, default -> null;
        };
    }

    static void action(Fields action) {
        Set<String> bound = new LinkedHashSet<>();
        boolean batch = action.has("batch");
        bound.add(batch ? "records" : "record");
        bound.add("config");
        if (batch && action.has("jsonrpc")) {
            bound.addAll(List.of("record", "i")); // each envelope of a JSON-RPC batch is made per record
        }
        check(action, bound, null, null);
    }

    private static void check(Fields owner, Set<String> bound, String pagination, String advancing) {
        String[] where = owner.has("graphql") ? new String[] {"graphql", "variables"}
                : owner.has("jsonrpc") ? new String[] {"jsonrpc", "params"} : new String[] {"request", "body"};
        YamlNode node = owner.node(where[0]);
        if (!(node instanceof YamlNode.Mapping)) {
            return;
        }
        Fields section = Fields.of(node, owner.child(where[0]), owner.keyLocation(where[0]), owner.problems());
        if (!(section.node(where[1]) instanceof YamlNode.Scalar scalar) || scalar.text() == null) {
            if (advancing != null && section.node(where[1]) == null && !where[0].equals("request")) {
                owner.warning(where[0], "the " + pagination + " sends the " + advancing + " only in the request body, but the call has no "
                        + where[1] + ", so every page would ask for the first one again; add " + where[1] + " using $" + advancing);
            }
            return;
        }
        if (advancing != null && !ExpressionVariables.reads(scalar.text(), advancing)) {
            section.warning(where[1], "the " + pagination + " sends the " + advancing + " only in the request body, but this expression never"
                    + " reads $" + advancing + ", so every page would ask for the first one again; use $" + advancing + " in it");
        }
        for (String name : ExpressionVariables.unbound(scalar.text(), bound)) {
            String known = "$" + String.join(", $", bound);
            String why = pagination != null && PAGINATION.contains(name)
                    ? "; the " + pagination + " does not provide it ($cursor comes with cursor and relay pagination, $offset and $limit with offset,"
                            + " $page and $size with page)"
                    : pagination == null && (name.equals("record") || name.equals("records"))
                            ? "; " + (bound.contains("records") ? "a batch action's call carries $records" : "an action without batch carries one $record")
                            : "";
            section.warning(where[1], "variable $" + name + " is never bound here, so it is empty in every request" + why
                    + " (bound here: " + known + ")" + DidYouMean.hint(name, List.copyOf(bound)));
        }
    }

    private static String type(PaginationSpec pagination) {
        return switch (pagination) {
            case PaginationSpec.Cursor c -> "cursor";
            case PaginationSpec.Relay r -> "relay";
            case PaginationSpec.Offset o -> "offset";
            case PaginationSpec.Page p -> "page";
            case PaginationSpec.Link l -> "link";
            case PaginationSpec.NextUrl n -> "next-url";
            case null, default -> "none";
        };
    }
}
