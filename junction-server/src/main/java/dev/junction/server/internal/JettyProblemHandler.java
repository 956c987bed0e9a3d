package dev.junction.server.internal;

import dev.junction.server.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers before Javalin sees the request (a malformed request line, headers too large,
 * a bad URI) as problem+json instead of Jetty's HTML page. Jetty closes the connection after such a
 * request, so the answer says {@code Connection: close}: without it a client reuses the connection
 * for its next request, which then fails with no answer at all.
 */
public final class JettyProblemHandler extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) throws IOException {
        String title = HttpStatus.getMessage(code);
        String body = "{\"type\":\"tag:junction.dev,2026:problem:http-" + code + "\",\"title\":\"" + title + "\",\"status\":" + code
                + ",\"detail\":\"The server could not read this HTTP request (" + title + ").\",\"instance\":\"urn:uuid:" + UUID.randomUUID() + "\"}";
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
