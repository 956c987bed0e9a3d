package dev.junction.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.http.HttpResponse;
import dev.junction.json.JsonPath;
import dev.junction.json.internal.XmlTrees;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The provider's own error code and message, read from the common JSON error shapes so that they
 * are quoted instead of dropped:
 * <ul>
 *   <li>JSON-RPC 2.0: {@code {"jsonrpc": "2.0", "error": {"code": -32602, "message", "data"}}} →
 *       code {@code -32602}, "JSON-RPC error -32602: Invalid params: (data)";</li>
 *   <li>problem details (RFC 9457, {@code application/problem+json} or a body with {@code title} and
 *       {@code type}/{@code status}): code = {@code type} (or {@code title} when the type is
 *       {@code about:blank}), the message {@code title: detail} followed by the entries of
 *       {@code errors[]}, {@code validation[]}, {@code invalid-params[]} or {@code violations[]};</li>
 *   <li>others: a code at {@code error.code}, {@code code}, {@code errors[0].code},
 *       {@code errors[0].extensions.code} (GraphQL), {@code error_code}, {@code error.status},
 *       {@code retCode} (Bybit), or a text {@code error} beside an {@code error_description} (OAuth) or a
 *       {@code message}; the message also at {@code msg} (Binance, OKX) or {@code retMsg} (Bybit).</li>
 * </ul>
 * And before the JSON shapes, the shapes of two auth schemes, whose codes say whether credentials
 * were refused ({@link CredentialRefusal}):
 * <ul>
 *   <li>an OAuth 1.0a problem report (the Problem Reporting extension): {@code oauth_problem} in a
 *       {@code WWW-Authenticate: OAuth ...} header, or in a form-encoded body, with its
 *       {@code oauth_problem_advice} → code {@code token_rejected}, "OAuth problem token_rejected: advice";</li>
 *   <li>AWS: the {@code x-amzn-ErrorType} header ({@code UnrecognizedClientException:http://internal...}),
 *       the JSON protocols' {@code __type} ({@code com.amazon.coral.service#ExpiredTokenException}),
 *       and the XML {@code <Error><Code>} of S3 and of the query protocols ({@code <ErrorResponse><Error>},
 *       EC2's {@code <Response><Errors><Error>}) → code {@code InvalidAccessKeyId}, "error InvalidAccessKeyId: message".</li>
 * </ul>
 * Returns null for a body that carries none of these codes. Nothing here is redacted: the
 * {@link ErrorClassifier} redacts what it quotes. Thread-safe.
 */
final class ProviderErrors {
    /** At most this many validation entries are listed; the rest are counted. */
    private static final int MAX_ENTRIES = 5;
    private static final int DATA_CHARS = 200;
    private static final List<JsonPath> CODE_PATHS = List.of(JsonPath.parse("error.code"), JsonPath.parse("code"),
            JsonPath.parse("errors[0].code"), JsonPath.parse("errors[0].extensions.code"), JsonPath.parse("error_code"),
            JsonPath.parse("error.status"), JsonPath.parse("retCode"));
    private static final List<JsonPath> MESSAGE_PATHS = List.of(JsonPath.parse("error.message"), JsonPath.parse("message"),
            JsonPath.parse("errors[0].message"), JsonPath.parse("error_description"), JsonPath.parse("detail"), JsonPath.parse("title"),
            JsonPath.parse("msg"), JsonPath.parse("retMsg"));
    /** Where problem details and other APIs list what was wrong with each field. */
    private static final List<JsonPath> ENTRY_LISTS = List.of(JsonPath.parse("errors"), JsonPath.parse("validation"),
            JsonPath.parse("invalid-params"), JsonPath.parse("invalid_params"), JsonPath.parse("violations"), JsonPath.parse("error.details"),
            JsonPath.parse("error.errors"));
    private static final List<String> ENTRY_NAMES = List.of("name", "field", "pointer", "path", "param", "propertyPath", "loc", "location");
    /** {@code oauth_problem="token_rejected"} in a challenge; the values are words of letters and '_'. */
    private static final Pattern OAUTH_PROBLEM_PARAMETER = Pattern.compile(
            "(?i)[\\s,]oauth_problem\\s*=\\s*\"?([a-z_]+)\"?");
    private static final Pattern OAUTH_ADVICE_PARAMETER = Pattern.compile(
            "(?i)[\\s,]oauth_problem_advice\\s*=\\s*\"([^\"]*)\"");
    /** {@code oauth_problem=token_rejected&oauth_problem_advice=...} in a form-encoded body. */
    private static final Pattern OAUTH_PROBLEM_FIELD = Pattern.compile("(?:^|&)oauth_problem=([A-Za-z_]+)(?:&|$)");
    private static final Pattern OAUTH_ADVICE_FIELD = Pattern.compile("(?:^|&)oauth_problem_advice=([^&]*)");
    /** An XML body whose root is one of AWS's error elements. */
    private static final Pattern XML_ERROR = Pattern.compile(
            "\\s*(<\\?xml[^>]*\\?>\\s*)?<(Error|ErrorResponse|Response)[\\s>]");
    private static final List<String> ENTRY_TEXTS = List.of("reason", "message", "detail", "title", "msg", "description");

    /**
     * What the provider said.
     *
     * @param code its own code, as text ({@code -32602}, {@code invalid_grant}, a problem type)
     * @param text one line for people that quotes the code, e.g. {@code JSON-RPC error -32602: Invalid params}
     */
    record ProviderError(String code, String text) {}

    private final ObjectMapper json;

    ProviderErrors(ObjectMapper json) {
        this.json = json;
    }

    /** The provider's error in a response, or null. {@code message}, when not null, is the text an error rule found. */
    ProviderError read(HttpResponse response, String message) {
        String body = response.bodyText();
        ProviderError oauthProblem = oauthProblem(response, body, message);
        if (oauthProblem != null) {
            return oauthProblem;
        }
        if (body == null || body.isBlank()) {
            return awsErrorType(response, null, message);
        }
        if (XML_ERROR.matcher(body).lookingAt()) {
            return awsXml(body, message);
        }
        if (!body.stripLeading().startsWith("{")) {
            return awsErrorType(response, null, message);
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
        if (root == null || !root.isObject()) {
            return null;
        }
        if ("2.0".equals(root.path("jsonrpc").asText()) && root.path("error").isObject()) {
            return jsonRpc(root.path("error"), message);
        }
        if (response.header("x-amzn-ErrorType") != null || root.path("__type").isTextual()) {
            return awsErrorType(response, root, message);
        }
        String contentType = response.header("Content-Type");
        boolean problem = contentType != null && contentType.toLowerCase(Locale.ROOT).contains("problem+json")
                || root.path("title").isTextual() && (root.has("type") || root.has("status"));
        if (problem) {
            return problem(root, message);
        }
        String code = firstValue(root, CODE_PATHS, Integer.toString(response.status())); // {"code": 404} repeats the status: not a code
        JsonNode error = root.path("error");
        if (code == null && error.isTextual() && (root.path("error_description").isTextual() || root.path("message").isTextual())) {
            code = error.asText(); // OAuth 2.0: {"error": "invalid_grant", "error_description": "..."}; {"error": "not_found", "message": "..."}
        }
        if (code == null) {
            return null;
        }
        String said = message != null ? message : firstValue(root, MESSAGE_PATHS, null);
        String entries = entries(root);
        if (entries != null && said != null && entries.contains(said)) { // errors[0].message is one of the entries
            said = entries;
            entries = null;
        }
        String text = "error " + code + (said == null || said.equals(code) ? "" : ": " + said) + (entries == null ? "" : " (" + entries + ")");
        return new ProviderError(code, text);
    }

    /**
     * An OAuth 1.0a problem report: {@code oauth_problem} in an {@code OAuth} challenge of
     * {@code WWW-Authenticate} (where the extension says it should be) or in a form-encoded body.
     */
    private static ProviderError oauthProblem(HttpResponse response, String body, String message) {
        for (String challenge : response.headers("WWW-Authenticate")) {
            if (challenge.regionMatches(true, 0, "OAuth", 0, 5)) {
                Matcher problem = OAUTH_PROBLEM_PARAMETER.matcher(challenge);
                if (problem.find()) {
                    Matcher advice = OAUTH_ADVICE_PARAMETER.matcher(challenge);
                    return oauthProblem(problem.group(1), message != null ? message : advice.find() ? decode(advice.group(1)) : null);
                }
            }
        }
        if (body != null && !body.isBlank() && body.length() < 4096) {
            Matcher problem = OAUTH_PROBLEM_FIELD.matcher(body.strip());
            if (problem.find()) {
                Matcher advice = OAUTH_ADVICE_FIELD.matcher(body.strip());
                return oauthProblem(problem.group(1), message != null ? message : advice.find() ? decode(advice.group(1)) : null);
            }
        }
        return null;
    }

    private static ProviderError oauthProblem(String code, String said) {
        return new ProviderError(code, "OAuth problem " + code + (said == null || said.isBlank() ? "" : ": " + said));
    }

    /**
     * An AWS error of the JSON and REST-JSON protocols: the type in the {@code x-amzn-ErrorType} header,
     * else in the body's {@code __type}; the message at {@code message} or {@code Message}.
     */
    private static ProviderError awsErrorType(HttpResponse response, JsonNode root, String message) {
        String type = response.header("x-amzn-ErrorType");
        if (type == null && root != null && root.path("__type").isTextual()) {
            type = root.path("__type").asText();
        }
        if (type == null || type.isBlank()) {
            return null;
        }
        type = type.strip();
        int colon = type.indexOf(':'); // UnrecognizedClientException:http://internal.amazon.com/coral/com.amazon.coral.service/
        type = colon > 0 ? type.substring(0, colon) : type;
        type = type.substring(type.lastIndexOf('#') + 1); // com.amazon.coral.service#ExpiredTokenException
        String said = message;
        if (said == null && root != null) {
            said = root.path("message").isTextual() ? root.path("message").asText() : root.path("Message").isTextual() ? root.path("Message").asText() : null;
        }
        return awsError(type, said);
    }

    /** S3's {@code <Error><Code>}, the query protocols' {@code <ErrorResponse><Error><Code>}, EC2's {@code <Response><Errors><Error><Code>}. */
    private static ProviderError awsXml(String body, String message) {
        JsonNode root = XmlTrees.readOrNull(body);
        if (root == null || !root.isObject()) {
            return null;
        }
        for (JsonNode error : List.of(root, root.path("Error"), root.path("Errors").path("Error"))) {
            if (error.path("Code").isTextual() && !error.path("Code").asText().isBlank()) {
                return awsError(error.path("Code").asText().strip(), message != null ? message
                        : error.path("Message").isTextual() ? error.path("Message").asText() : null);
            }
        }
        return null;
    }

    private static ProviderError awsError(String code, String said) {
        return new ProviderError(code, "error " + code + (said == null || said.isBlank() || said.equals(code) ? "" : ": " + said));
    }

    private static String decode(String formValue) {
        try {
            return URLDecoder.decode(formValue, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return formValue;
        }
    }

    private static ProviderError jsonRpc(JsonNode error, String message) {
        String code = error.path("code").isValueNode() ? error.path("code").asText() : "?";
        String said = message != null ? message : error.path("message").asText("");
        JsonNode data = error.path("data");
        String dataText = data.isMissingNode() || data.isNull() ? null : data.isValueNode() ? data.asText() : data.toString();
        return new ProviderError(code, "JSON-RPC error " + code + (said.isEmpty() ? "" : ": " + said)
                + (dataText == null || dataText.isEmpty() ? "" : ": " + cut(dataText, DATA_CHARS)));
    }

    private static ProviderError problem(JsonNode root, String message) {
        String type = root.path("type").isTextual() ? root.path("type").asText() : null;
        String title = root.path("title").isTextual() ? root.path("title").asText() : null;
        String code = type != null && !type.isBlank() && !type.equals("about:blank") ? type : title;
        StringBuilder text = new StringBuilder();
        if (message != null) {
            text.append(message);
        } else {
            String detail = root.path("detail").isTextual() ? root.path("detail").asText() : null;
            text.append(title == null || title.equals(code) ? "" : title); // a title that is the code is not repeated
            if (detail != null && !detail.isBlank() && !detail.equals(title)) {
                text.append(text.isEmpty() ? "" : ": ").append(detail);
            }
        }
        String entries = entries(root);
        if (entries != null) {
            text.append(text.isEmpty() ? "" : "; ").append(entries);
        }
        if (code == null && text.isEmpty()) {
            return null;
        }
        return new ProviderError(code, (code == null ? "problem" : "problem " + code) + (text.isEmpty() ? "" : ": " + text));
    }

    /** {@code email: must be an email; age: must be at least 0 (and 3 more)}, or null when no list is there. */
    private static String entries(JsonNode root) {
        for (JsonPath path : ENTRY_LISTS) {
            JsonNode list = path.find(root);
            if (!list.isArray() || list.isEmpty()) {
                continue;
            }
            List<String> parts = new ArrayList<>();
            for (JsonNode entry : list) {
                if (parts.size() == MAX_ENTRIES) {
                    break;
                }
                String part = entry(entry);
                if (part != null) {
                    parts.add(part);
                }
            }
            if (!parts.isEmpty()) {
                int more = list.size() - parts.size();
                return String.join("; ", parts) + (more > 0 ? " (and " + more + " more)" : "");
            }
        }
        return null;
    }

    private static String entry(JsonNode entry) {
        if (entry.isTextual()) {
            return entry.asText();
        }
        if (!entry.isObject()) {
            return null;
        }
        String name = null;
        for (String field : ENTRY_NAMES) {
            JsonNode value = entry.path(field);
            if (value.isValueNode() && !value.asText().isBlank()) {
                name = value.asText();
                break;
            }
            if (value.isArray() && !value.isEmpty()) { // FastAPI's loc: ["body", "email"]
                List<String> segments = new ArrayList<>();
                value.forEach(segment -> segments.add(segment.asText()));
                name = String.join(".", segments);
                break;
            }
        }
        String text = null;
        for (String field : ENTRY_TEXTS) {
            JsonNode value = entry.path(field);
            if (value.isValueNode() && !value.asText().isBlank()) {
                text = value.asText();
                break;
            }
        }
        if (text == null) {
            return name == null ? null : name + ": " + cut(entry.toString(), DATA_CHARS);
        }
        return name == null ? text : name + ": " + text;
    }

    private static String firstValue(JsonNode root, List<JsonPath> paths, String skip) {
        for (JsonPath path : paths) {
            JsonNode node = path.find(root);
            if (node.isValueNode() && !node.isNull() && !node.asText().isBlank() && !node.asText().equals(skip)) {
                return node.asText();
            }
        }
        return null;
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }
}
