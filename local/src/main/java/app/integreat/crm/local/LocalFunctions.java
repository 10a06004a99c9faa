package app.integreat.crm.local;

import app.integreat.crm.Services;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
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

    private final Map<String, RequestHandler<Object, Object>> handlers = new LinkedHashMap<>();
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

    @SuppressWarnings("unchecked")
    private static RequestHandler<Object, Object> instantiate(String className, Services services) {
        try {
            Class<?> type = Class.forName(className);
            return (RequestHandler<Object, Object>) type.getConstructor(Services.class).newInstance(services);
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

    public RequestHandler<Object, Object> handler(String functionId) {
        RequestHandler<Object, Object> handler = handlers.get(functionId);
        if (handler == null) {
            throw new IllegalArgumentException("template.yaml has no function " + functionId + "; it has " + handlers.keySet());
        }
        return handler;
    }

    public APIGatewayV2HTTPResponse invokeHttp(String functionId, APIGatewayV2HTTPEvent event, Context context) {
        return (APIGatewayV2HTTPResponse) handler(functionId).handleRequest(event, context);
    }
}
