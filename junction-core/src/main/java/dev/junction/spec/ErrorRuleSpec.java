package dev.junction.spec;

/**
 * One {@code errors:} rule of a connector, stream or action: when a response matches every
 * condition given, it is classified as {@code as}, whatever its status (a 200 can become an error,
 * a 400 can become retryable).
 *
 * @param status the HTTP status to match, or null for any
 * @param bodyPath a JSON path into the response body; with {@code equals} the value there must equal
 *     it, without it the value must be present and not null, false, empty text or an empty list/object
 * @param equals a YAML scalar (String, Boolean, Long or Double), or null
 * @param bodyMatches a regular expression that must be found in the body text (SOAP faults, XML), or null
 * @param as the category to use: {@code permanent}, {@code retryable} or {@code auth}
 * @param message a JSON path to the provider's message in the body, or null for the usual places
 */
public record ErrorRuleSpec(Integer status, String bodyPath, Object equals, String bodyMatches, String as, String message) {}
