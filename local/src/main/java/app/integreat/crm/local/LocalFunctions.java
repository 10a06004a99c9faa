package app.integreat.crm.local;

import app.integreat.crm.Services;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The functions of template.yaml, instantiated from the deployment jar's handler classes, and the
 * HTTP API's routing table: which function serves a method and path, with which route key and path
 * parameters. Nothing here knows a route of its own: all of it comes from the template.
 */
public final class LocalFunctions {

    /** A request matched to a template route. */
    public record Match(String functionId, Template.Route route, Map<String, String> pathParameters) {
    }

    private record CompiledRoute(String functionId, Template.Route route, Pattern pattern, List<String> parameters) {
    }

    private final Map<String, Object> handlers = new LinkedHashMap<>();
    private final List<CompiledRoute> routes = new ArrayList<>();
    private final List<Template.Schedule> schedules;

    public LocalFunctions(Template template, Services services) {
        this.schedules = template.schedules();
        for (Template.Function function : template.functions()) {
            handlers.put(function.logicalId(), instantiate(function.handlerClass(), services));
            for (Template.Route route : function.routes()) {
                routes.add(compile(function.logicalId(), route));
            }
        }
        // literal segments win over parameters, as in API Gateway: /accounts/export before /accounts/{id}
        routes.sort((a, b) -> Long.compare(a.route().path().chars().filter(c -> c == '{').count(),
                b.route().path().chars().filter(c -> c == '{').count()));
    }

    private static Object instantiate(String className, Services services) {
        try {
            Class<?> type = Class.forName(className);
            Object handler = type.getConstructor(Services.class).newInstance(services);
            if (!(handler instanceof RequestHandler<?, ?>) && !(handler instanceof RequestStreamHandler)) {
                throw new IllegalStateException(className + " is neither a RequestHandler nor a RequestStreamHandler");
            }
            return handler;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("template.yaml names handler " + className
                    + ", which the jar lacks or which has no constructor taking Services", e);
        }
    }

    private static CompiledRoute compile(String functionId, Template.Route route) {
        List<String> parameters = new ArrayList<>();
        StringBuilder regex = new StringBuilder("^");
        Matcher matcher = Pattern.compile("\\{([^}/+]+)(\\+?)}").matcher(route.path());
        int last = 0;
        while (matcher.find()) {
            regex.append(Pattern.quote(route.path().substring(last, matcher.start())));
            regex.append(matcher.group(2).isEmpty() ? "([^/]+)" : "(.+)");
            parameters.add(matcher.group(1));
            last = matcher.end();
        }
        regex.append(Pattern.quote(route.path().substring(last))).append("$");
        return new CompiledRoute(functionId, route, Pattern.compile(regex.toString()), parameters);
    }

    /** The route for a method and a (decoded) path, or null when the template has none. */
    public Match match(String method, String path) {
        for (CompiledRoute compiled : routes) {
            if (!compiled.route().method().equalsIgnoreCase(method) && !compiled.route().method().equals("ANY")) {
                continue;
            }
            Matcher matcher = compiled.pattern().matcher(path);
            if (matcher.matches()) {
                Map<String, String> parameters = new LinkedHashMap<>();
                for (int i = 0; i < compiled.parameters().size(); i++) {
                    parameters.put(compiled.parameters().get(i), matcher.group(i + 1));
                }
                return new Match(compiled.functionId(), compiled.route(), parameters);
            }
        }
        return null;
    }

    /** The functions EventBridge Scheduler invokes, with their schedules. */
    public List<Template.Schedule> schedules() {
        return schedules;
    }

    public boolean has(String functionId) {
        return handlers.containsKey(functionId);
    }

    public Object handler(String functionId) {
        Object handler = handlers.get(functionId);
        if (handler == null) {
            throw new IllegalArgumentException("template.yaml has no function " + functionId + "; it has " + handlers.keySet());
        }
        return handler;
    }

    @SuppressWarnings("unchecked")
    public APIGatewayV2HTTPResponse invokeHttp(String functionId, APIGatewayV2HTTPEvent event, Context context) {
        return ((RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) handler(functionId)).handleRequest(event, context);
    }

    /**
     * A JSON API call routed by the template as API Gateway would route it, with the authorizer's
     * claims (null: no token) on authenticated routes; for the tests, the demo data and the benchmark.
     */
    public APIGatewayV2HTTPResponse call(String method, String pathAndQuery, Map<String, String> headers, String body,
                                         Map<String, String> claims) {
        int question = pathAndQuery.indexOf('?');
        String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        String query = question < 0 ? null : pathAndQuery.substring(question + 1);
        Match match = match(method, path);
        if (match == null) {
            throw new IllegalArgumentException("template.yaml has no route for " + method + " " + path);
        }
        Map<String, List<String>> requestHeaders = new LinkedHashMap<>();
        requestHeaders.put("content-type", List.of("application/json"));
        headers.forEach((name, value) -> requestHeaders.put(name, List.of(value)));
        APIGatewayV2HTTPEvent event = HttpEvents.event(method, path, query, requestHeaders, body, false,
                match.route().routeKey(), match.pathParameters(), match.route().authenticated() ? claims : null);
        return invokeHttp(match.functionId(), event, null);
    }

    /** The claims Cognito's ID token carries for a signed-in member with this address. */
    public static Map<String, String> claimsOf(String email) {
        return Map.of("email", email, "email_verified", "true", "token_use", "id",
                "iss", "https://cognito-idp.eu-central-1.amazonaws.com/local");
    }

    /** Invokes a function that takes its event as a JSON object (the scheduled ones). */
    @SuppressWarnings("unchecked")
    public Object invokeObject(String functionId, Map<String, Object> event) {
        return ((RequestHandler<Map<String, Object>, Object>) handler(functionId)).handleRequest(event, null);
    }

    /**
     * Invokes a function that reads its event as a stream (as Lambda hands it over) with a JSON event,
     * and returns what it wrote. An exception is what Lambda would count as a failed invocation.
     */
    public String invokeStream(String functionId, String eventJson) {
        Object handler = handler(functionId);
        if (!(handler instanceof RequestStreamHandler streamHandler)) {
            throw new IllegalArgumentException(functionId + " does not take a raw JSON event");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            streamHandler.handleRequest(new ByteArrayInputStream(eventJson.getBytes(StandardCharsets.UTF_8)), output, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return output.toString(StandardCharsets.UTF_8);
    }
}
