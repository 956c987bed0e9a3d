package dev.junction.spec.internal;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;

/** Load-time checks of JSONata expressions (mapping {@code = expression} values, action bodies). */
public final class Expressions {
    private Expressions() {}

    /** Null when {@code expression} parses, else a message saying why not. */
    public static String jsonataError(String expression) {
        if (expression.isBlank()) {
            return "expected a JSONata expression, found nothing";
        }
        try {
            Jsonata.jsonata(expression);
            return null;
        } catch (JException e) {
            String where = e.getLocation() > 0 ? " (at character " + e.getLocation() + ")" : "";
            return "not a valid JSONata expression: " + e.getMessage() + where;
        } catch (RuntimeException | StackOverflowError e) {
            return "not a valid JSONata expression: " + (e.getMessage() == null ? "cannot be parsed" : e.getMessage());
        }
    }
}
