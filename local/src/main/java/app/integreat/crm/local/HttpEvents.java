package app.integreat.crm.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Builds the payload-2.0 event API Gateway's HTTP API sends to a function for one request. */
public final class HttpEvents {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private HttpEvents() {
    }

    /**
     * @param headers request headers; names are lower-cased and repeated values joined with commas, as API Gateway does
     * @param query   raw query string (without '?'), or null
     * @param claims  the JWT claims the authorizer verified, or null for a route without authorizer
     */
    public static APIGatewayV2HTTPEvent event(String method, String path, String query, Map<String, List<String>> headers,
                                              String body, boolean base64Body, String routeKey,
                                              Map<String, String> pathParameters, Map<String, String> claims) {
        Map<String, String> joinedHeaders = new LinkedHashMap<>();
        headers.forEach((name, values) -> joinedHeaders.merge(name.toLowerCase(Locale.ROOT), String.join(",", values),
                (a, b) -> a + "," + b));
        Map<String, String> queryParameters = QueryStrings.parse(query);
        Instant now = Instant.now();
        APIGatewayV2HTTPEvent.RequestContext.RequestContextBuilder context = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withAccountId("000000000000")
                .withApiId("local")
                .withDomainName(joinedHeaders.getOrDefault("host", "localhost"))
                .withDomainPrefix("localhost")
                .withRequestId(UUID.randomUUID().toString())
                .withRouteKey(routeKey)
                .withStage("$default")
                .withTime(TIME.format(now))
                .withTimeEpoch(now.toEpochMilli())
                .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                        .withMethod(method)
                        .withPath(path)
                        .withProtocol("HTTP/1.1")
                        .withSourceIp("127.0.0.1")
                        .withUserAgent(joinedHeaders.getOrDefault("user-agent", ""))
                        .build());
        if (claims != null) {
            context.withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                    .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                            .withClaims(claims)
                            .withScopes(null)
                            .build())
                    .build());
        }
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(path)
                .withRawQueryString(query == null ? "" : query)
                .withHeaders(joinedHeaders)
                .withQueryStringParameters(queryParameters.isEmpty() ? null : queryParameters)
                .withPathParameters(pathParameters == null || pathParameters.isEmpty() ? null : pathParameters)
                .withBody(body)
                .withIsBase64Encoded(base64Body)
                .withRequestContext(context.build())
                .build();
    }
}
