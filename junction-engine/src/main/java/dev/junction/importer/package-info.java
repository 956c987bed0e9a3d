/**
 * Writes connector YAML from API descriptions: OpenAPI 3.0/3.1 and Swagger 2.0 (through
 * swagger-parser) and Postman collections v2.1 (through Jackson). {@link dev.junction.importer.ConnectorImporter}
 * is the entry point; the CLI's {@code junction import} is a thin adapter over it. See docs/import.md.
 */
package dev.junction.importer;
