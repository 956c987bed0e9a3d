package dev.junction.http.internal;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Hides secrets in everything that gets logged or put into error messages. Two rules:
 * <ol>
 *   <li>By name: a header or query parameter whose name looks secret has its value replaced by
 *       {@value #REDACTED}. Names are compared word by word ({@code X-Api-Key}, {@code client_secret},
 *       {@code accessToken}): a word such as authorization, auth, key, token, secret, password, pwd,
 *       signature, session, credential, cookie or assertion, or a run-together word containing token,
 *       secret, passw, credential or apikey. Not secret: {@code author} and {@code authority} (no
 *       longer taken for auth), paging cursors ({@code pageToken}, {@code next_page_token},
 *       {@code continuationToken}), keys that name records ({@code primary_key}, {@code sort_key},
 *       {@code Idempotency-Key}, {@code public_key}), and the CORS headers {@code Access-Control-*}.
 *       A connection's auth may name more ({@link #Redactor(Collection, Collection, int)}): the headers
 *       and query parameters its HMAC signature goes in, whatever they are called ({@code X-BAPI-SIGN}).
 *   <li>By value: every known secret value of the connection (4 characters or more) is replaced
 *       wherever it appears (URL, header values, bodies, error text), also in its URL-encoded,
 *       JSON-escaped and XML-escaped forms.
 * </ol>
 * Bodies are cut at {@code bodyLimit} bytes after redaction, with a {@code …[truncated N bytes]}
 * marker (N = bytes of the original body beyond the limit). Thread-safe: secrets obtained at run
 * time (OAuth tokens, signed assertions) are added with {@link #addSecret}; the most recent
 * {@value #MAX_ADDED_SECRETS} of them are kept, besides the fixed ones given to the constructor.
 */
public final class Redactor {
    public static final String REDACTED = "[redacted]";
    /** Shorter values are not treated as secrets: replacing them would shred the log and protect nothing. */
    public static final int MIN_SECRET_LENGTH = 4;

    /** Finds names that may be secret in free text; {@link #isSecretName} decides. */
    private static final Pattern SECRET_NAME =
            Pattern.compile("auth|key|token|secret|passw|pwd|signature|session|credential|cookie|assertion|sig");
    /** A name holding one of these words is secret. */
    private static final Set<String> SECRET_WORDS = Set.of("authorization", "auth", "authn", "authz", "oauth", "key", "token", "tokens", "secret",
            "secrets", "password", "passwd", "pwd", "pass", "passphrase", "signature", "sig", "session", "sessionid", "credential", "credentials",
            "cookie", "cookies", "assertion", "jwt", "otp", "apikey", "privatekey");
    /** A word containing one of these (run together: accesstoken, clientsecret, xapikey) is secret too. */
    private static final List<String> SECRET_STEMS = List.of("token", "secret", "passw", "credential", "apikey", "authenticat", "session", "sessid");
    /** Right before {@code key} or {@code token}, these words make it name a record or a position, not a credential. */
    private static final Set<String> NOT_SECRET_WORDS = Set.of("page", "next", "prev", "previous", "continuation", "cursor", "sync", "delta",
            "resume", "idempotency", "primary", "sort", "partition", "foreign", "external", "public", "dedup", "dedupe", "cache", "group");

    /** How many secrets added at run time are remembered; older tokens have expired long ago. */
    public static final int MAX_ADDED_SECRETS = 64;

    /** Every form of every secret, longest first (so a secret containing another is replaced whole). */
    private record Forms(List<String> list, int longest) {}

    private final Set<String> fixed;
    private final LinkedHashSet<String> added = new LinkedHashSet<>(); // guarded by this
    private volatile Forms forms;
    private final int bodyLimit;
    private final Set<String> names;

    public Redactor(Collection<String> secretValues, int bodyLimit) {
        this(secretValues, List.of(), bodyLimit);
    }

    /** @param secretNames headers and query parameters whose values are hidden whatever their names look like (compared ignoring case) */
    public Redactor(Collection<String> secretValues, Collection<String> secretNames, int bodyLimit) {
        this.fixed = new LinkedHashSet<>(secretValues.stream().filter(java.util.Objects::nonNull).toList());
        this.forms = formsOf(fixed);
        this.bodyLimit = bodyLimit;
        this.names = secretNames.stream().map(name -> name.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** Whether the value of a header or query parameter of this name is hidden: a secret-looking name, or one of this redactor's own. */
    public boolean isSecret(String name) {
        return isSecretName(name) || names.contains(name.toLowerCase(Locale.ROOT));
    }

    /** Hides {@code secret} from now on (values shorter than {@value #MIN_SECRET_LENGTH} are ignored). */
    public synchronized void addSecret(String secret) {
        if (secret == null || secret.length() < MIN_SECRET_LENGTH || fixed.contains(secret) || !added.add(secret)) {
            return;
        }
        if (added.size() > MAX_ADDED_SECRETS) {
            added.remove(added.iterator().next());
        }
        Set<String> all = new LinkedHashSet<>(fixed);
        all.addAll(added);
        forms = formsOf(all);
    }

    private static Forms formsOf(Collection<String> secretValues) {
        Set<String> all = new LinkedHashSet<>();
        for (String secret : secretValues) {
            if (secret != null && secret.length() >= MIN_SECRET_LENGTH) {
                all.add(secret);
                all.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
                all.add(Urls.encode(secret));
                all.add(new String(JsonStringEncoder.getInstance().quoteAsString(secret)));
                all.add(xmlEscaped(secret));
            }
        }
        List<String> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        return new Forms(List.copyOf(sorted), sorted.stream().mapToInt(f -> f.getBytes(StandardCharsets.UTF_8).length).max().orElse(0));
    }

    /** As written in XML text or an attribute value (SOAP bodies). */
    private static String xmlEscaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&apos;");
    }

    public static boolean isSecretName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("access-control-")) {
            return false; // CORS headers name other headers and methods, never hold a credential
        }
        List<String> words = words(name);
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (word.equals("key") || word.equals("token") || word.equals("tokens")) {
                if (i > 0 && NOT_SECRET_WORDS.contains(words.get(i - 1))) {
                    continue; // page token, sort key, Idempotency-Key
                }
                return true;
            }
            if (SECRET_WORDS.contains(word)) {
                return true;
            }
            if (word.endsWith("token") && positional(word.substring(0, word.length() - "token".length()))) {
                continue; // pagetoken, nextpagetoken, synctoken
            }
            for (String stem : SECRET_STEMS) {
                if (word.contains(stem)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A run-together prefix of {@code token} that makes it a cursor: {@code page}, {@code nextpage}, {@code sync}, ... */
    private static boolean positional(String prefix) {
        for (String word : NOT_SECRET_WORDS) {
            if (prefix.endsWith(word)) {
                return true;
            }
        }
        return false;
    }

    /** {@code X-Api-Key} → x, api, key; {@code nextPageToken} → next, page, token; {@code client_secret} → client, secret. */
    private static List<String> words(String name) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!Character.isLetterOrDigit(c)) {
                flush(word, words);
                continue;
            }
            if (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(name.charAt(i - 1))) {
                flush(word, words); // camelCase
            }
            word.append(Character.toLowerCase(c));
        }
        flush(word, words);
        return words;
    }

    private static void flush(StringBuilder word, List<String> words) {
        if (!word.isEmpty()) {
            words.add(word.toString());
            word.setLength(0);
        }
    }

    /** {@code name=value}, {@code name: value}, {@code "name":"value"} where the name looks secret; the value is group 4. */
    // the name starts where a run of name characters starts (the look-behind): without it every position inside a long word was
    // a start, and a long log message without a secret took time quadratic in its length
    private static final Pattern NAMED_VALUE = Pattern.compile("(?i)([\"']?)(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]*(?:" + SECRET_NAME.pattern() + ")[A-Za-z0-9_.-]*)\\1"
            + "(\\s*[=:]\\s*)(\"[^\"]*\"|'[^']*'|[^\\s,;&\"'}\\])]+)");
    private static final Pattern SCHEME_CREDENTIALS = Pattern.compile("(?i)\\b(Bearer|Basic)\\s+[A-Za-z0-9._~+/=-]{4,}");

    /**
     * Hides secrets in free text by the first rule alone, for text whose secret values are not known
     * (log lines): the credentials after {@code Bearer} or {@code Basic}, and the value after a
     * secret-looking name ({@code token=...}, {@code "password": "..."}, {@code api_key: ...}, a URL's
     * {@code ?access_token=...}). Null stays null.
     */
    public static String secretsByName(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String schemes = SCHEME_CREDENTIALS.matcher(text).replaceAll("$1 " + java.util.regex.Matcher.quoteReplacement(REDACTED));
        java.util.regex.Matcher named = NAMED_VALUE.matcher(schemes);
        StringBuilder out = new StringBuilder(schemes.length());
        while (named.find()) {
            String value = named.group(4);
            boolean keep = !isSecretName(named.group(2)) || value.equalsIgnoreCase("Bearer") || value.equalsIgnoreCase("Basic")
                    || value.equals(REDACTED);
            String replacement = keep ? named.group()
                    : named.group(1) + named.group(2) + named.group(1) + named.group(3)
                            + (value.startsWith("\"") ? "\"" + REDACTED + "\"" : value.startsWith("'") ? "'" + REDACTED + "'" : REDACTED);
            named.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(replacement));
        }
        named.appendTail(out);
        return out.toString();
    }

    /** Replaces every known secret value in free text. Null stays null. */
    public String text(String text) {
        List<String> known = forms.list();
        if (text == null || known.isEmpty()) {
            return text;
        }
        String result = text;
        for (String form : known) {
            if (result.contains(form)) {
                result = result.replace(form, REDACTED);
            }
        }
        return result;
    }

    /**
     * The URL with secret-looking query values and every known secret value hidden. For display:
     * the marker is written as is, not percent-encoded.
     */
    public String url(URI uri) {
        List<String> pairs = Urls.pairs(uri);
        boolean changed = false;
        for (int i = 0; i < pairs.size(); i++) {
            String[] nameAndValue = pairs.get(i).split("=", 2);
            if (nameAndValue.length == 2 && isSecret(Urls.decode(nameAndValue[0]))) {
                pairs.set(i, nameAndValue[0] + "=" + REDACTED);
                changed = true;
            }
        }
        String text = uri.toString();
        if (changed) {
            int question = text.indexOf('?');
            int hash = text.indexOf('#', question);
            text = text.substring(0, question + 1) + String.join("&", pairs) + (hash < 0 ? "" : text.substring(hash));
        }
        return text(text);
    }

    /** A copy of the headers with secret-looking names and known secret values hidden. */
    public Map<String, List<String>> headers(Map<String, List<String>> headers) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            List<String> shown = isSecret(name) ? values.stream().map(v -> REDACTED).toList() : values.stream().map(this::text).toList();
            result.merge(text(name), shown, (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList());
        });
        return java.util.Collections.unmodifiableMap(result);
    }

    /** The body as UTF-8 text, redacted and cut at the limit; null stays null. */
    public String body(byte[] body) {
        return body(body, bodyLimit);
    }

    /** A query parameter of a URL in free text: after {@code ?}, {@code &}, XML's {@code &amp;} or JSON's escaped ampersand; its value ends where the URL or the parameter does. */
    private static final Pattern LINK_QUERY_VALUE = Pattern.compile("(\\\\u0026|&amp;|[?&])([A-Za-z0-9_.~%-]+)=([^&\\\\\\s\"'<>]+)");

    /**
     * The text with the value of every secret-looking query parameter of the links in it hidden: a signed link an
     * answer hands out ({@code ...?X-Amz-Signature=...}, {@code X-Goog-Signature}, {@code X-Amz-Security-Token},
     * Azure's {@code sig}) is a credential for as long as it lives. Only text holding a URL with a query is scanned.
     */
    static String linkSecrets(String text) {
        int scheme = text.indexOf("://");
        if (scheme < 0) {
            scheme = text.indexOf(":\\/\\/"); // JSON may escape the slashes: https:\/\/host\/path
        }
        if (scheme < 0 || text.indexOf('?', scheme) < 0) {
            return text;
        }
        java.util.regex.Matcher m = LINK_QUERY_VALUE.matcher(text);
        StringBuilder out = null;
        int last = 0;
        while (m.find()) {
            if (isSecretName(Urls.decode(m.group(2))) && !m.group(3).equals(REDACTED)) {
                if (out == null) {
                    out = new StringBuilder(text.length());
                }
                out.append(text, last, m.start(3)).append(REDACTED);
                last = m.end(3);
            }
        }
        return out == null ? text : out.append(text, last, text.length()).toString();
    }

    /** Like {@link #body(byte[])}, cut at {@code limit} bytes when that is below the redactor's own limit. */
    public String body(byte[] body, int limit) {
        int bodyLimit = Math.min(limit, this.bodyLimit);
        if (body == null) {
            return null;
        }
        if (body.length <= bodyLimit) {
            return linkSecrets(text(new String(body, StandardCharsets.UTF_8)));
        }
        // Redact before cutting (a secret across the cut must not leave its first half behind), but
        // only decode what can end up in the log: the limit plus the longest secret form. A link's value
        // that runs past what is decoded is hidden up to there, which is all the log could keep of it.
        int decoded = (int) Math.min(body.length, (long) bodyLimit + forms.longest());
        String redacted = linkSecrets(text(new String(body, 0, decoded, StandardCharsets.UTF_8)));
        return prefixOfBytes(redacted, bodyLimit) + "…[truncated " + (body.length - bodyLimit) + " bytes]";
    }

    /** An excerpt for error messages: redacted and cut at {@code maxChars}. */
    public String excerpt(String text, int maxChars) {
        if (text == null) {
            return null;
        }
        int longestForm = forms.longest();
        String redacted = text(text.length() > maxChars + longestForm ? text.substring(0, maxChars + longestForm) : text);
        return redacted.length() > maxChars ? redacted.substring(0, maxChars) + "…" : redacted;
    }

    private static String prefixOfBytes(String text, int maxBytes) {
        int bytes = 0;
        int end = 0;
        while (end < text.length()) {
            int codePoint = text.codePointAt(end);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            end += Character.charCount(codePoint);
        }
        return text.substring(0, end);
    }
}
