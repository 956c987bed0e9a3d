package dev.junction.engine.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.junction.engine.EngineException;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.FieldSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The checks and the generated YAML of a connection made through the API: every given field declared
 * by the connector, every required one given, values of a declared type that fit it, no secret value
 * that could break a header (control characters) — and the definition Junction writes for it, with
 * {@code ${stored:FIELD}} for each secret. Messages name fields, never a secret's value.
 */
public final class ConnectionDrafts {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final List<String> ENVIRONMENTS = List.of("sandbox", "production");
    private static final YAMLMapper YAML = YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS).build();

    private ConnectionDrafts() {}

    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new EngineException.Invalid("name must be lower-case letters, digits and '-', starting with a letter or digit (like northwind-crm)"
                    + (name == null ? "; it is missing" : ""));
        }
    }

    public static void checkTenant(String tenant) {
        if (tenant.isBlank() || !tenant.equals(tenant.strip()) || tenant.chars().anyMatch(Character::isISOControl) || tenant.length() > 200) {
            throw new EngineException.Invalid("tenant must be a tenant's name: not blank, no surrounding spaces or control characters, at most 200 characters");
        }
    }

    /**
     * Checks config and secret values against the connector's declarations.
     *
     * @param complete whether these are all of the connection's values (required ones must be there)
     * @throws EngineException.Invalid naming every field that is unknown, missing or does not fit
     */
    public static void check(ConnectorSpec connector, Map<String, String> config, Map<String, String> secrets, boolean complete) {
        List<String> problems = new ArrayList<>();
        section("config", connector.name(), connector.config(), config, complete, problems);
        section("secrets", connector.name(), connector.secrets(), secrets, complete, problems);
        config.forEach((k, v) -> {
            if (v != null && v.contains("${")) {
                problems.add("config." + k + ": a value given through the API is taken as written and may not contain '${' (references such as"
                        + " ${env:NAME} are for definitions an operator applies)");
            }
        });
        secrets.forEach((k, v) -> {
            if (v == null || v.isEmpty()) {
                problems.add("secrets." + k + ": expected a value, found none");
            } else if (v.chars().anyMatch(Character::isISOControl) && !pem(v)) {
                problems.add("secrets." + k + ": the value holds a control character (such as a line break); it is refused and not shown"
                        + " (only a PEM block, -----BEGIN ...----- to -----END ...-----, may span lines)");
            }
        });
        if (!problems.isEmpty()) {
            throw new EngineException.Invalid("connector '" + connector.name() + "': " + String.join("; ", problems));
        }
    }

    /**
     * Whether a value is PEM blocks (a private key, a certificate chain), whose lines are part of it:
     * from {@code -----BEGIN } to a closing {@code -----}, with no control character but line breaks.
     * Such a value cannot smuggle a header into a request (the HTTP client refuses a header value with
     * a line break), and keys and certificates are given this way.
     */
    static boolean pem(String value) {
        String text = value.strip();
        return text.startsWith("-----BEGIN ") && text.endsWith("-----") && text.contains("\n-----END ")
                && text.chars().allMatch(c -> c == '\n' || c == '\r' || !Character.isISOControl(c));
    }

    private static void section(String kind, String connector, Map<String, FieldSpec> declared, Map<String, String> given, boolean complete,
            List<String> problems) {
        Map<String, FieldSpec> fields = declared == null ? Map.of() : declared;
        for (var entry : given.entrySet()) {
            FieldSpec field = fields.get(entry.getKey());
            if (field == null) {
                problems.add(kind + "." + entry.getKey() + ": unknown field" + (fields.isEmpty() ? " (connector '" + connector + "' declares no " + kind + ")"
                        : " (connector '" + connector + "' declares " + String.join(", ", new TreeSet<>(fields.keySet())) + ")"));
            } else if (kind.equals("config") && entry.getValue() != null && !fits(field.type(), entry.getValue())) {
                problems.add(kind + "." + entry.getKey() + ": must be " + field.type() + ", was '" + entry.getValue() + "'");
            }
        }
        if (complete) {
            for (FieldSpec field : fields.values()) {
                if (field.required() && field.defaultValue() == null && given.get(field.name()) == null) {
                    problems.add(kind + "." + field.name() + ": required by connector '" + connector + "' but not given"
                            + (field.description() == null ? "" : " (" + field.description() + ")"));
                }
            }
        }
    }

    private static boolean fits(String type, String value) {
        return switch (type == null ? "string" : type) {
            case "integer" -> value.strip().matches("[-+]?\\d+");
            case "number" -> value.strip().matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
            case "boolean" -> value.equals("true") || value.equals("false");
            default -> true;
        };
    }

    /** The blocks a connection made through the API may set itself, each replacing its connector's. */
    public static final List<String> LIMIT_KEYS = List.of("rateLimit", "retry", "timeouts", "exchangeLog");

    /**
     * Checks the shape of the blocks given through the API ({@code rateLimit}, {@code retry},
     * {@code timeouts}, {@code exchangeLog}): each an object. Their keys and values are checked when the
     * definition is applied, by the same readers as a connector's.
     */
    public static void checkLimits(Map<String, Object> limits) {
        limits.forEach((key, value) -> {
            if (!LIMIT_KEYS.contains(key)) {
                throw new EngineException.Invalid(key + ": not a block a connection may set; expected one of " + String.join(", ", LIMIT_KEYS));
            }
            if (!(value instanceof Map<?, ?>)) {
                throw new EngineException.Invalid(key + ": expected an object such as " + (key.equals("rateLimit") ? "{ \"requests\": 100, \"per\": \"1m\" }"
                        : "{ ... } with the keys of the connector's " + key) + ", found " + (value == null ? "null" : value.getClass().getSimpleName()));
            }
        });
    }

    /** The blocks of {@link #LIMIT_KEYS} in a definition Junction wrote (to keep them when it is written again); none when it has none. */
    public static Map<String, Object> limitsOf(String yaml) {
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            Map<?, ?> doc = YAML.readValue(yaml, Map.class);
            for (String key : LIMIT_KEYS) {
                if (doc != null && doc.get(key) != null) {
                    out.put(key, doc.get(key));
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the connection's stored definition could not be read as YAML", e);
        }
        return out;
    }

    /** The definition Junction writes for the connection: config as literals, each secret {@code ${stored:FIELD}}. */
    public static String yaml(String name, String connector, String tenant, String environment, Map<String, String> config, Collection<String> secrets,
            boolean primary) {
        return yaml(name, connector, tenant, environment, config, secrets, primary, Map.of());
    }

    /** Like {@link #yaml(String, String, String, String, Map, Collection, boolean)}, with the connection's own {@code limits} blocks. */
    public static String yaml(String name, String connector, String tenant, String environment, Map<String, String> config, Collection<String> secrets,
            boolean primary, Map<String, Object> limits) {
        if (environment != null && !ENVIRONMENTS.contains(environment)) {
            throw new EngineException.Invalid("environment must be one of " + String.join(", ", ENVIRONMENTS) + ", was '" + environment + "'");
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("kind", "Connection");
        doc.put("name", name);
        doc.put("connector", connector);
        doc.put("tenant", tenant);
        if (environment != null) {
            doc.put("environment", environment);
        }
        if (primary) {
            doc.put("primary", true);
        }
        if (!config.isEmpty()) {
            doc.put("config", new LinkedHashMap<>(config));
        }
        if (!secrets.isEmpty()) {
            Map<String, String> refs = new LinkedHashMap<>();
            secrets.stream().sorted().forEach(field -> refs.put(field, "${stored:" + field + "}"));
            doc.put("secrets", refs);
        }
        LIMIT_KEYS.stream().filter(limits::containsKey).forEach(key -> doc.put(key, limits.get(key)));
        try {
            return "# Written by Junction for a connection made through the connections API; its secrets are kept encrypted in the store.\n"
                    + YAML.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the connection's definition could not be written as YAML", e);
        }
    }
}
