package dev.junction.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.server.api.ApiFixture;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A signed-in browser's session over plain HTTP: its cookie, its CSRF token, and GETs and form POSTs through it. */
record ConsoleSession(ApiFixture api, String cookie, String csrf) {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    /** Signs in with {@code token} as the sign-in form does: its CSRF cookie and field, then the session cookie. */
    static ConsoleSession signIn(ApiFixture api, String token) throws Exception {
        HttpResponse<String> form = send(HttpRequest.newBuilder(api.uri("/console/sign-in")).header("Accept", "text/html").GET());
        String formCookie = cookieOf(form, ConsoleAuth.SIGN_IN_COOKIE);
        HttpResponse<String> answer = send(HttpRequest.newBuilder(api.uri("/console/sign-in")).header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", ConsoleAuth.SIGN_IN_COOKIE + "=" + formCookie)
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + enc(csrfIn(form.body())) + "&token=" + enc(token))));
        assertThat(answer.statusCode()).as("sign-in: " + answer.body()).isEqualTo(303);
        String cookie = cookieOf(answer, "junction_console");
        ConsoleSession unsure = new ConsoleSession(api, cookie, null);
        return new ConsoleSession(api, cookie, csrfIn(unsure.get("/console").body()));
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(api.uri(path)).header("Accept", "text/html").header("Cookie", "junction_console=" + cookie).GET());
    }

    /** A form POST carrying the session's CSRF token and {@code fields} (name, value, name, value, ...). */
    HttpResponse<String> post(String path, String... fields) throws Exception {
        return postWithout(path, prepend("_csrf", csrf, fields));
    }

    /** A form POST of exactly {@code fields}: no CSRF token unless among them. */
    HttpResponse<String> postWithout(String path, String... fields) throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i + 1 < fields.length; i += 2) {
            body.append(body.isEmpty() ? "" : "&").append(enc(fields[i])).append('=').append(enc(fields[i + 1]));
        }
        return send(HttpRequest.newBuilder(api.uri(path)).header("Accept", "text/html").header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "junction_console=" + cookie).POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private static String[] prepend(String name, String value, String[] fields) {
        String[] all = new String[fields.length + 2];
        all[0] = name;
        all[1] = value;
        System.arraycopy(fields, 0, all, 2, fields.length);
        return all;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String csrfIn(String html) {
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).as("a CSRF field in the page").isTrue();
        return m.group(1);
    }

    private static String cookieOf(HttpResponse<?> response, String name) {
        List<String> set = response.headers().allValues("Set-Cookie");
        return set.stream().filter(c -> c.startsWith(name + "=")).map(c -> c.substring(name.length() + 1, c.indexOf(';'))).findFirst()
                .orElseThrow(() -> new AssertionError("no cookie " + name + " among " + set));
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
