package dev.junction.spec.internal;

import dev.junction.spec.CheckSpec;
import dev.junction.spec.RequestSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a connector's {@code check:}, the cheap request that tells whether a connection works
 * (see {@link CheckSpec}):
 *
 * <pre>
 * check:
 *   request: { path: /v1/me }
 *   expect: { status: [200], condition: "active = true" }
 *   account: { id: "$.id", name: "$.email" }
 * </pre>
 */
final class CheckReader {
    private CheckReader() {}

    /** Null when the connector has no {@code check:}, or when it is not a mapping (reported). */
    static CheckSpec read(Fields connector, TemplateCheck templates) {
        YamlNode node = connector.node("check");
        if (node == null) {
            return null;
        }
        if (!(node instanceof YamlNode.Mapping)) {
            connector.problem("check", "expected a mapping with a cheap request and what a healthy answer looks like, such as"
                    + " { request: { path: /v1/me }, expect: { status: [200] } }, found " + node.describe());
            return null;
        }
        Fields c = connector.fields("check", false);
        c.allow(Schema.CHECK);
        Fields r = c.fields("request", true);
        RequestSpec request = null;
        if (r != null) {
            r.allow(Schema.REQUEST);
            request = OperationReader.requestFields(r, Schema.DEFAULT_STREAM_METHOD, templates, List.of());
        }
        List<Integer> statuses = List.of();
        String condition = null;
        if (c.has("expect")) {
            Fields e = c.fields("expect", false);
            if (e != null) {
                e.allow(Schema.CHECK_EXPECT);
                statuses = statuses(e);
                condition = e.string("condition", false);
                if (condition != null) {
                    String error = Expressions.jsonataError(condition);
                    if (error != null) {
                        e.problem("condition", error);
                    }
                }
            }
        }
        CheckSpec.Account account = null;
        if (c.has("account")) {
            Fields a = c.fields("account", false);
            if (a != null) {
                a.allow(Schema.CHECK_ACCOUNT);
                String id = a.jsonPath("id", true);
                String name = a.jsonPath("name", false);
                account = id == null ? null : new CheckSpec.Account(id, name);
            }
        }
        return request == null ? null : new CheckSpec(request, statuses, condition, account);
    }

    /** {@code status}: a status or a list of statuses (100 to 599); empty when absent (any 2xx). */
    private static List<Integer> statuses(Fields e) {
        YamlNode node = e.node("status");
        if (node == null) {
            return List.of();
        }
        List<YamlNode> items = node instanceof YamlNode.Sequence list ? list.items() : List.of(node);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            Integer status = item instanceof YamlNode.Scalar s ? Fields.asInt(s) : null;
            if (status == null || status < 100 || status > 599) {
                String where = node instanceof YamlNode.Sequence ? e.child("status") + "[" + i + "]" : e.child("status");
                e.problems().add(item.location(), where, "expected an HTTP status code of a healthy answer (100 to 599), such as status: [200, 204],"
                        + " found " + item.describe());
                continue;
            }
            out.add(status);
        }
        return List.copyOf(out);
    }
}
