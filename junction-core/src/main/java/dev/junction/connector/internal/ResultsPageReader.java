package dev.junction.connector.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.connector.Page;
import dev.junction.connector.PageReader;
import dev.junction.http.CallContext;
import dev.junction.http.HttpPipeline;
import dev.junction.http.HttpRequest;
import dev.junction.json.JsonPath;
import dev.junction.spec.StreamSpec;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The results of a job whose done answer gives their URLs ({@link StreamSpec.JobSpec#resultsUrl()}): each URL is read
 * as one page, in the stream's format, in the order given. A URL on the origin of the status request goes through the
 * connection's pipeline like any call (credentials, rate budget); one on any other host — a signed link to a storage
 * service — is downloaded without the connection's credentials ({@link HttpPipeline#download}). No URL (null, absent,
 * empty text or list: the job found nothing) is no records.
 */
final class ResultsPageReader implements PageReader {
    private static final Logger LOG = LoggerFactory.getLogger(ResultsPageReader.class);

    /** One link to read, and whether it leaves the API's origin. */
    private record Link(HttpRequest request, boolean foreign) {}

    private final String stream;
    private final StreamSpec spec;
    private final HttpPipeline pipeline;
    private final CallContext context;
    private final ObjectMapper json;
    private final long maxDecompressedSize;
    private final List<Link> links;
    private int next;
    private StreamPageReader current;
    private int pagesRead;

    ResultsPageReader(String stream, StreamSpec spec, JobRunner.Done done, HttpPipeline pipeline, CallContext context, ObjectMapper json,
            long maxDecompressedSize) {
        this.stream = stream;
        this.spec = spec;
        this.pipeline = pipeline;
        this.context = context;
        this.json = json;
        this.maxDecompressedSize = maxDecompressedSize;
        this.links = links(stream, spec.job().resultsUrl(), done, pipeline);
        LOG.info("stream '{}': job {} gave {} result file(s)", stream, pipeline.redact(done.id()), links.size());
    }

    /** The links at {@code path} in the done answer: a URL, or a list of them, resolved against the status request's URL. */
    private static List<Link> links(String stream, String path, JobRunner.Done done, HttpPipeline pipeline) {
        JsonNode found = JsonPath.parse(path).find(done.answer());
        List<JsonNode> values = new ArrayList<>();
        if (found.isArray()) {
            found.forEach(values::add);
        } else if (!found.isMissingNode() && !found.isNull()) {
            values.add(found);
        }
        List<Link> links = new ArrayList<>();
        URI base = done.asked().uri();
        for (JsonNode value : values) {
            if (!value.isTextual()) {
                throw ApiProblems.permanent(pipeline, done.asked(), null, "unexpected_response", "stream '" + stream + "': job " + done.id()
                        + " is done, but job.resultsUrl '" + path + "' holds " + (value.isContainerNode() ? "an " + (value.isArray() ? "array" : "object")
                        : value.toString()) + " where a URL (or a list of URLs) was expected; check job.resultsUrl", null);
            }
            if (value.asText().isBlank()) {
                continue;
            }
            URI uri;
            try {
                uri = base.resolve(new URI(value.asText().strip()));
            } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                throw ApiProblems.permanent(pipeline, done.asked(), null, "unexpected_response", "stream '" + stream + "': job " + done.id()
                        + " is done, but job.resultsUrl '" + path + "' holds text that is not a URL (" + pipeline.redact(e.getMessage()) + ")", null);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                throw ApiProblems.permanent(pipeline, done.asked(), null, "unexpected_response", "stream '" + stream + "': job " + done.id()
                        + " is done, but its results URL is not http or https (" + pipeline.redact(uri.toString()) + ")", null);
            }
            boolean foreign = !dev.junction.http.internal.Urls.sameOrigin(uri, base);
            // the status request's headers (the connector's) go only to the API's own origin; a link elsewhere gets none
            HttpRequest request = foreign ? HttpRequest.get(uri)
                    : done.asked().withMethod("GET").withUri(uri).withBody(null).withoutHeader("Content-Type");
            links.add(new Link(request, foreign));
        }
        return List.copyOf(links);
    }

    @Override
    public Optional<Page> nextPage() {
        if (!hasNext()) {
            return Optional.empty();
        }
        Optional<Page> page = current.nextPage();
        pagesRead = current.pagesRead();
        return page;
    }

    @Override
    public boolean hasNext() {
        while (current == null || !current.hasNext()) {
            if (next >= links.size()) {
                return false;
            }
            Link link = links.get(next++);
            current = new StreamPageReader(stream, link.request(), pipeline, context, json, Paginator.of(null), JsonPath.parse(spec.recordsPath()),
                    spec.maxPages() > 0 ? spec.maxPages() : StreamCalls.DEFAULT_MAX_PAGES, spec.format(), maxDecompressedSize)
                    .downloading(link.foreign(), pagesRead);
        }
        return true;
    }

    @Override
    public String stream() {
        return stream;
    }

    @Override
    public int pagesRead() {
        return pagesRead;
    }

    @Override
    public String nextRequest() {
        return next < links.size() ? pipeline.describe(links.get(next).request()) : null;
    }
}
