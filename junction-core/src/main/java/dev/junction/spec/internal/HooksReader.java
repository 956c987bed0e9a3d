package dev.junction.spec.internal;

import dev.junction.spec.HooksSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code hooks: { preRequest: "= expr", postResponse: "= expr", java: com.example.MyHook }} of a
 * connector, stream or action. Expressions are checked here; whether a Java class is registered
 * is checked when the connection is created (it depends on the class path).
 */
public final class HooksReader {
    private static final Pattern CLASS_NAME = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");

    private HooksReader() {}

    /** Null when {@code key} is absent, or not a mapping (reported). */
    public static HooksSpec read(Fields owner, String key) {
        Fields h = owner.has(key) ? owner.fields(key, false) : null;
        if (h == null) {
            return null;
        }
        h.allow(Schema.HOOKS);
        String pre = expression(h, "preRequest");
        String post = expression(h, "postResponse");
        List<String> java = new ArrayList<>();
        YamlNode node = h.node("java");
        List<YamlNode> items = node instanceof YamlNode.Sequence list ? list.items() : node == null ? List.of() : List.of(node);
        for (int i = 0; i < items.size(); i++) {
            String path = h.child("java") + (node instanceof YamlNode.Sequence ? "[" + i + "]" : "");
            String name = Fields.text(items.get(i), path, h.problems());
            if (name == null) {
                continue;
            }
            if (!CLASS_NAME.matcher(name.strip()).matches()) {
                h.problem("java", "'" + name + "' is not a Java class name; expected a fully qualified name such as com.example.MyHook");
                continue;
            }
            java.add(name.strip());
        }
        return new HooksSpec(pre, post, java);
    }

    /** The expression without its leading {@code =}; null when absent or invalid (reported). */
    private static String expression(Fields h, String key) {
        String text = h.string(key, false);
        if (text == null) {
            return null;
        }
        String expression = text.strip();
        if (!expression.startsWith("=")) {
            h.problem(key, "expected a JSONata expression starting with '=', e.g. \"= $\", found '" + text + "'");
            return null;
        }
        expression = expression.substring(1).strip();
        String error = Expressions.jsonataError(expression);
        if (error != null) {
            h.problem(key, error);
            return null;
        }
        return expression;
    }
}
