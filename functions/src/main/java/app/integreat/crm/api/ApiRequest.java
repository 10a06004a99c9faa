package app.integreat.crm.api;

import app.integreat.crm.json.Json;
import app.integreat.crm.model.CrmException;
import app.integreat.crm.core.Ids;
import app.integreat.crm.core.Limits;
import app.integreat.crm.model.Member;
import app.integreat.crm.model.PageRequest;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One HTTP API request (payload 2.0) and its caller, with the parsing every route shares. */
public final class ApiRequest {
    private static final Pattern ETAG = Pattern.compile("^\"?(\\d{1,18})\"?$");

    private final APIGatewayV2HTTPEvent event;
    private final Member caller;
    private final app.integreat.crm.model.Settings settings;

    ApiRequest(APIGatewayV2HTTPEvent event, Member caller) {
        this(event, caller, null);
    }

    ApiRequest(APIGatewayV2HTTPEvent event, Member caller, app.integreat.crm.model.Settings settings) {
        this.event = event;
        this.caller = caller;
        this.settings = settings;
    }

    /** The team's settings, read with the caller for a route registered with {@code routeWithSettings}; else null. */
    public app.integreat.crm.model.Settings settings() {
        return settings;
    }

    /** The member making the request, as resolved from the authorizer's JWT claims. */
    public Member caller() {
        return caller;
    }

    /** A path id; one that cannot be an id of ours is simply not found. */
    public String id(String what) {
        return id("id", what);
    }

    /** The id in the path parameter {@code parameter} (for routes with two ids). */
    public String id(String parameter, String what) {
        Map<String, String> parameters = event.getPathParameters();
        String id = parameters == null ? null : parameters.get(parameter);
        if (!Ids.looksLikeId(id)) {
            throw CrmException.notFound(what, id == null ? "" : id);
        }
        return id;
    }

    /** A path parameter as sent (null when absent). */
    public String pathParameter(String name) {
        Map<String, String> parameters = event.getPathParameters();
        return parameters == null ? null : parameters.get(name);
    }

    public String query(String name) {
        Map<String, String> parameters = event.getQueryStringParameters();
        String value = parameters == null ? null : parameters.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    public PageRequest page() {
        return PageRequest.parse(query("limit"), query("cursor"));
    }

    public String header(String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) {
            return null;
        }
        String value = headers.get(name.toLowerCase(Locale.ROOT));
        return value != null ? value : headers.get(name);
    }

    public Map<String, Object> body() {
        String contentType = header("content-type");
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).contains("json")) {
            throw CrmException.of(CrmException.Kind.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json.");
        }
        String body = event.getBody();
        if (body != null && event.getIsBase64Encoded()) {
            try {
                body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw CrmException.of(CrmException.Kind.BAD_REQUEST, "The body is not valid base64.");
            }
        }
        // the limit is in bytes: a body of umlauts has fewer characters than bytes
        if (body != null && (body.length() > Limits.BODY_BYTES || body.getBytes(StandardCharsets.UTF_8).length > Limits.BODY_BYTES)) {
            throw CrmException.of(CrmException.Kind.PAYLOAD_TOO_LARGE, "The body may be at most " + Limits.BODY_BYTES + " bytes.");
        }
        return Json.object(body);
    }

    /** The body, or an empty object when the request has none (routes whose body is optional). */
    public Map<String, Object> optionalBody() {
        String body = event.getBody();
        return body == null || body.isBlank() ? new java.util.HashMap<>() : body();
    }

    /**
     * The version the caller last read (If-Match). Changing or deleting a record without it is refused
     * with 428, so that nobody overwrites a change they have not seen.
     */
    public long requiredVersion() {
        String ifMatch = header("if-match");
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            throw CrmException.of(CrmException.Kind.PRECONDITION_REQUIRED,
                    "Send the record's ETag in If-Match, so that changes by others are not overwritten.");
        }
        String tag = ifMatch.trim();
        if (tag.startsWith("W/")) {
            // If-Match compares strongly: a weak tag never matches (RFC 9110, 13.1.1)
            throw CrmException.stale("record");
        }
        Matcher matcher = ETAG.matcher(tag);
        if (!matcher.matches()) {
            throw CrmException.badParameter("If-Match", "must be the ETag of the record, such as \"3\"");
        }
        return Long.parseLong(matcher.group(1));
    }
}
