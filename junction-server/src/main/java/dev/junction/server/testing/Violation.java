package dev.junction.server.testing;

/** One route that does not refuse what its guard should, with the answer it gave. */
public record Violation(String route, String expectation, int status, String body) {
    @Override
    public String toString() {
        String shown = body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "..." : body;
        return route + ": " + expectation + (status == 0 ? "" : "; got " + status + " " + shown);
    }
}
