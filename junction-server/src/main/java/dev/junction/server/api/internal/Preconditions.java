package dev.junction.server.api.internal;

import dev.junction.server.ApiProblem;
import dev.junction.store.DefinitionRepository;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP conditional requests over versioned objects whose {@code ETag} is their version ({@code "3"}):
 * {@code If-Match} and {@code If-None-Match: *} become the version the engine must still find
 * (RFC 9110, section 13). They are checked before the body is looked at (412 first), and the version
 * goes on to the engine, which checks it again atomically with the write.
 */
public final class Preconditions {
    private static final Pattern TAG = Pattern.compile("\\s*(W/)?\"([^\"]*)\"\\s*");

    private Preconditions() {}

    /** {@code "3"}: the ETag of version 3. */
    public static String etag(int version) {
        return "\"" + version + "\"";
    }

    /**
     * The version a write expects: {@link DefinitionRepository#ANY_VERSION} without conditions, 0 for
     * {@code If-None-Match: *} (create only), else the current version when {@code If-Match} names it.
     *
     * @param what the object, for messages: {@code Sync 'crm-to-erp'}
     * @param current the object's current version, 0 when there is none
     * @throws ApiProblem.PreconditionFailed when the condition does not hold
     * @throws ApiProblem.BadRequest when a header is malformed
     */
    public static int expectedVersion(Context ctx, String what, int current) {
        String ifMatch = ctx.header("If-Match");
        String ifNoneMatch = ctx.header("If-None-Match");
        if (ifNoneMatch != null && !ifNoneMatch.isBlank()) {
            if (!ifNoneMatch.strip().equals("*")) {
                throw new ApiProblem.BadRequest("If-None-Match on a write takes only '*' (create only, fail if it exists); to update a known version send If-Match: \"N\".");
            }
            if (current != 0) {
                throw stale(what + " already exists at version " + current + "; If-None-Match: * creates only. Send If-Match: " + etag(current)
                        + " to replace that version.", current);
            }
            return 0;
        }
        if (ifMatch == null || ifMatch.isBlank()) {
            return DefinitionRepository.ANY_VERSION;
        }
        if (ifMatch.strip().equals("*")) {
            if (current == 0) {
                throw stale(what + " does not exist; If-Match: * needs it to. Leave If-Match out to create it.", current);
            }
            return current;
        }
        List<String> tags = tags(ifMatch, "If-Match");
        if (current != 0 && tags.contains(Integer.toString(current))) {
            return current;
        }
        throw stale(current == 0
                ? what + " does not exist (any more); If-Match " + ifMatch.strip() + " cannot hold. Leave If-Match out to create it."
                : what + " is at version " + current + ", not " + ifMatch.strip() + " as If-Match says: it changed since you read it. Read version "
                        + current + " (ETag " + etag(current) + ") and make your change on top of it.", current);
    }

    /** Whether a GET's {@code If-None-Match} names the current version, so the answer is 304 Not Modified. */
    public static boolean notModified(Context ctx, int current) {
        String ifNoneMatch = ctx.header("If-None-Match");
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        if (ifNoneMatch.strip().equals("*")) {
            return true;
        }
        List<String> tags = new ArrayList<>();
        for (String part : ifNoneMatch.split(",")) {
            Matcher m = TAG.matcher(part);
            if (m.matches()) {
                tags.add(m.group(2)); // weak comparison for If-None-Match
            }
        }
        return tags.contains(Integer.toString(current));
    }

    /** The strong entity tags of an {@code If-Match} list; weak ones never match (strong comparison). */
    private static List<String> tags(String header, String name) {
        List<String> tags = new ArrayList<>();
        for (String part : header.split(",")) {
            Matcher m = TAG.matcher(part);
            if (!m.matches()) {
                throw new ApiProblem.BadRequest(name + " holds entity tags in double quotes, like \"3\" (the version from the ETag header), or *; got '"
                        + echo(header) + "'.");
            }
            if (m.group(1) == null) {
                tags.add(m.group(2));
            }
        }
        return tags;
    }

    private static ApiProblem stale(String detail, int current) {
        return new ApiProblem.PreconditionFailed(detail).with("currentVersion", current);
    }

    private static String echo(String text) {
        String clean = text.strip().replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 80 ? clean.substring(0, 80) + "..." : clean;
    }
}
