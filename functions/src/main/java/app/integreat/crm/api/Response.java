package app.integreat.crm.api;

import java.util.Map;

/** What a route answers: a status, a JSON body (or none) and extra headers. */
public record Response(int status, Object body, Map<String, String> headers) {

    public static Response ok(Object body) {
        return new Response(200, body, Map.of());
    }

    /** A single record, with its version as ETag for the next If-Match. */
    public static Response record(Object body, long version) {
        return new Response(200, body, Map.of("ETag", etag(version)));
    }

    public static Response created(Object body, String location, long version) {
        return new Response(201, body, Map.of("Location", location, "ETag", etag(version)));
    }

    public static Response noContent() {
        return new Response(204, null, Map.of());
    }

    /** 302 to {@code location}; the body repeats the link for clients that do not follow redirects. */
    public static Response redirect(String location, Object body) {
        return new Response(302, body, Map.of("Location", location));
    }

    /** 301 to where a merged-away record lives now. */
    public static Response movedPermanently(String location, Object body) {
        return new Response(301, body, Map.of("Location", location));
    }

    /** A body that is not JSON (the calendar feed), with its content type. */
    public record Text(String contentType, String text) {
    }

    public static Response text(String contentType, String text) {
        return new Response(200, new Text(contentType, text), Map.of());
    }

    /** A file to download (an export's zip), sent base64-encoded as API Gateway wants binary bodies. */
    public record Binary(String contentType, String filename, byte[] bytes) {
    }

    public static Response file(String contentType, String filename, byte[] bytes) {
        return new Response(200, new Binary(contentType, filename, bytes), Map.of());
    }

    static String etag(long version) {
        return "\"" + version + "\"";
    }
}
