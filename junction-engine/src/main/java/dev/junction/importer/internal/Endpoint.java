package dev.junction.importer.internal;

import java.util.List;

/**
 * One operation of an API description, in the terms the importer decides on: which method and path,
 * which query parameters, whether it takes a body, and what a successful answer looks like.
 *
 * @param method upper case
 * @param path the path under the base URL with parameters as {@code {name}}
 * @param id the operation id, or null
 * @param summary a one-line summary, or null
 * @param query the query parameters
 * @param pathParams the names of the path parameters, in order
 * @param hasBody whether the operation takes a request body
 * @param response the shape of the successful answer (UNKNOWN when not described)
 * @param linkHeader whether the answer is described with a {@code Link} header
 * @param where where the operation is described, for notes ({@code GET /orders})
 */
public record Endpoint(String method, String path, String id, String summary, List<Param> query, List<String> pathParams,
        boolean hasBody, Shape response, boolean linkHeader, String where) {
    public Endpoint {
        query = List.copyOf(query);
        pathParams = List.copyOf(pathParams);
    }

    /**
     * A query parameter.
     *
     * @param defaultValue its default or example value as text, or null
     * @param maximum its maximum, or null
     * @param minimum its minimum, or null
     */
    public record Param(String name, boolean required, String type, String defaultValue, Long maximum, Long minimum) {}
}
