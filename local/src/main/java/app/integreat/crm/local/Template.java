package app.integreat.crm.local;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * What the local runner takes from template.yaml, the single source of truth: the functions with
 * their handler classes and HTTP routes, and the table's key schema.
 */
public final class Template {

    /** An HTTP API route of a function; {@code authenticated} is false for routes with Authorizer NONE. */
    public record Route(String method, String path, boolean authenticated) {
        public String routeKey() {
            return method + " " + path;
        }
    }

    public record Function(String logicalId, String handlerClass, List<Route> routes) {
    }

    private final Map<String, Object> root;

    private Template(Map<String, Object> root) {
        this.root = root;
    }

    public static Template load(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object parsed = new Yaml(new CloudFormationConstructor()).load(reader);
            return new Template(map(parsed, "template"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    public List<Function> functions() {
        List<Function> functions = new ArrayList<>();
        for (Map.Entry<String, Object> resource : map(root.get("Resources"), "Resources").entrySet()) {
            Map<String, Object> definition = map(resource.getValue(), resource.getKey());
            if (!"AWS::Serverless::Function".equals(definition.get("Type"))) {
                continue;
            }
            Map<String, Object> properties = map(definition.get("Properties"), resource.getKey() + ".Properties");
            String handler = (String) properties.get("Handler");
            String handlerClass = handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
            List<Route> routes = new ArrayList<>();
            Object events = properties.get("Events");
            if (events != null) {
                for (Object event : map(events, "Events").values()) {
                    Map<String, Object> eventDefinition = map(event, "event");
                    if (!"HttpApi".equals(eventDefinition.get("Type"))) {
                        continue;
                    }
                    Map<String, Object> eventProperties = map(eventDefinition.get("Properties"), "event properties");
                    Object auth = eventProperties.get("Auth");
                    boolean open = auth != null && "NONE".equals(map(auth, "Auth").get("Authorizer"));
                    routes.add(new Route(((String) eventProperties.get("Method")).toUpperCase(),
                            (String) eventProperties.get("Path"), !open));
                }
            }
            functions.add(new Function(resource.getKey(), handlerClass, List.copyOf(routes)));
        }
        return functions;
    }

    /** A ScheduleV2 event of a function: its cron expression (parameters resolved to their defaults) and time zone. */
    public record Schedule(String functionId, String expression, String timezone) {
    }

    public List<Schedule> schedules() {
        List<Schedule> schedules = new ArrayList<>();
        for (Map.Entry<String, Object> resource : map(root.get("Resources"), "Resources").entrySet()) {
            Map<String, Object> definition = map(resource.getValue(), resource.getKey());
            if (!"AWS::Serverless::Function".equals(definition.get("Type"))) {
                continue;
            }
            Object events = map(definition.get("Properties"), resource.getKey() + ".Properties").get("Events");
            if (events == null) {
                continue;
            }
            for (Object event : map(events, "Events").values()) {
                Map<String, Object> eventDefinition = map(event, "event");
                if ("ScheduleV2".equals(eventDefinition.get("Type"))) {
                    Map<String, Object> properties = map(eventDefinition.get("Properties"), "schedule properties");
                    schedules.add(new Schedule(resource.getKey(), resolve(properties.get("ScheduleExpression")),
                            resolve(properties.getOrDefault("ScheduleExpressionTimezone", "UTC"))));
                }
            }
        }
        return schedules;
    }

    /** An SQS event of a function: the queue it reads (a logical id) and how many messages one invocation gets. */
    public record QueueSource(String functionId, String queueId, int batchSize, boolean reportsItemFailures) {
    }

    public List<QueueSource> queueSources() {
        List<QueueSource> sources = new ArrayList<>();
        for (Map.Entry<String, Object> resource : resources().entrySet()) {
            Map<String, Object> definition = map(resource.getValue(), resource.getKey());
            if (!"AWS::Serverless::Function".equals(definition.get("Type"))) {
                continue;
            }
            Object events = map(definition.get("Properties"), resource.getKey() + ".Properties").get("Events");
            for (Object event : events == null ? List.of() : map(events, "Events").values()) {
                Map<String, Object> eventDefinition = map(event, "event");
                if ("SQS".equals(eventDefinition.get("Type"))) {
                    Map<String, Object> properties = map(eventDefinition.get("Properties"), "SQS event properties");
                    Object types = properties.get("FunctionResponseTypes");
                    sources.add(new QueueSource(resource.getKey(), arnOf(properties.get("Queue")),
                            ((Number) properties.getOrDefault("BatchSize", 10)).intValue(),
                            types != null && list(types, "FunctionResponseTypes").contains("ReportBatchItemFailures")));
                }
            }
        }
        return sources;
    }

    /** The properties of an AWS::SQS::Queue. */
    public Map<String, Object> queueProperties(String logicalId) {
        Map<String, Object> definition = map(resources().get(logicalId), logicalId);
        if (!"AWS::SQS::Queue".equals(definition.get("Type"))) {
            throw new IllegalStateException("template.yaml: " + logicalId + " is not an AWS::SQS::Queue");
        }
        Object properties = definition.get("Properties");
        return properties == null ? Map.of() : map(properties, logicalId + ".Properties");
    }

    /** The queue a !GetAtt Queue.Arn names: its logical id. */
    static String arnOf(Object value) {
        if (value instanceof Map<?, ?> getAtt && getAtt.get("Fn::GetAtt") instanceof String attribute && attribute.endsWith(".Arn")) {
            return attribute.substring(0, attribute.length() - ".Arn".length());
        }
        throw new IllegalStateException("template.yaml: a queue is named by !GetAtt <Queue>.Arn, not " + value);
    }

    /** The environment variables of the functions that name a resource with !Ref, and that resource's logical id. */
    public Map<String, String> referencingVariables() {
        Map<String, String> variables = new LinkedHashMap<>();
        for (Map.Entry<String, Object> resource : resources().entrySet()) {
            Map<String, Object> definition = map(resource.getValue(), resource.getKey());
            if (!"AWS::Serverless::Function".equals(definition.get("Type"))) {
                continue;
            }
            Object environment = map(definition.get("Properties"), resource.getKey() + ".Properties").get("Environment");
            Object values = environment == null ? null : map(environment, "Environment").get("Variables");
            for (Map.Entry<String, Object> variable : values == null ? Map.<String, Object>of().entrySet() : map(values, "Variables").entrySet()) {
                if (variable.getValue() instanceof Map<?, ?> reference && reference.get("Ref") instanceof String name) {
                    variables.put(variable.getKey(), name);
                }
            }
        }
        return variables;
    }

    /** A literal, or a !Ref to a parameter, read as that parameter's default. */
    private String resolve(Object value) {
        if (value instanceof Map<?, ?> reference && reference.get("Ref") instanceof String name) {
            Map<String, Object> parameter = map(map(root.get("Parameters"), "Parameters").get(name), "Parameters." + name);
            return String.valueOf(parameter.get("Default"));
        }
        return String.valueOf(value);
    }

    /** The environment variables every function gets (Globals.Function.Environment.Variables). */
    public Map<String, Object> globalEnvironment() {
        Map<String, Object> function = map(map(root.get("Globals"), "Globals").get("Function"), "Globals.Function");
        return map(map(function.get("Environment"), "Globals.Function.Environment").get("Variables"), "Environment.Variables");
    }

    /**
     * The response headers CloudFront adds to the page (the one AWS::CloudFront::ResponseHeadersPolicy),
     * as the local runner sends them: the variables of a !Sub in the policy name other origins of the
     * deployment (Cognito's sign-in) and are left out; HSTS is left out on plain HTTP.
     */
    public Map<String, String> pageSecurityHeaders() {
        for (Map.Entry<String, Object> resource : map(root.get("Resources"), "Resources").entrySet()) {
            Map<String, Object> definition = map(resource.getValue(), resource.getKey());
            if (!"AWS::CloudFront::ResponseHeadersPolicy".equals(definition.get("Type"))) {
                continue;
            }
            String where = resource.getKey() + ".Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig";
            Map<String, Object> config = map(map(map(definition.get("Properties"), where).get("ResponseHeadersPolicyConfig"), where)
                    .get("SecurityHeadersConfig"), where);
            Map<String, String> headers = new LinkedHashMap<>();
            Object csp = map(config.get("ContentSecurityPolicy"), where + ".ContentSecurityPolicy").get("ContentSecurityPolicy");
            headers.put("Content-Security-Policy", withoutVariables(csp));
            if (config.containsKey("ContentTypeOptions")) {
                headers.put("X-Content-Type-Options", "nosniff");
            }
            headers.put("Referrer-Policy", (String) map(config.get("ReferrerPolicy"), where + ".ReferrerPolicy").get("ReferrerPolicy"));
            if (config.get("FrameOptions") != null) {
                headers.put("X-Frame-Options", (String) map(config.get("FrameOptions"), where + ".FrameOptions").get("FrameOption"));
            }
            return headers;
        }
        throw new IllegalStateException("template.yaml declares no AWS::CloudFront::ResponseHeadersPolicy");
    }

    /** A literal, or a !Sub (plain or with variables) with every ${...} left out. */
    private static String withoutVariables(Object value) {
        Object text = value;
        if (value instanceof Map<?, ?> sub && sub.get("Fn::Sub") != null) {
            text = sub.get("Fn::Sub") instanceof List<?> parts ? parts.get(0) : sub.get("Fn::Sub");
        }
        if (!(text instanceof String policy)) {
            throw new IllegalStateException("template.yaml: the ContentSecurityPolicy is neither a string nor a !Sub");
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < policy.length()) {
            int start = policy.indexOf("${", i);
            int end = start < 0 ? -1 : policy.indexOf('}', start);
            if (end < 0) {
                out.append(policy, i, policy.length());
                break;
            }
            out.append(policy, i, start);
            i = end + 1;
        }
        // what a left-out source leaves behind: doubled spaces and a space before the semicolon
        return out.toString().replaceAll(" {2,}", " ").replace(" ;", ";").trim();
    }

    /** All resources by logical id, as parsed (short tags in their long form, e.g. {"Fn::GetAtt": "Queue.Arn"}). */
    public Map<String, Object> resources() {
        return map(root.get("Resources"), "Resources");
    }

    /** The properties of the one AWS::DynamoDB::Table resource. */
    public Map<String, Object> tableProperties() {
        for (Map.Entry<String, Object> resource : map(root.get("Resources"), "Resources").entrySet()) {
            Map<String, Object> definition = map(resource.getValue(), resource.getKey());
            if ("AWS::DynamoDB::Table".equals(definition.get("Type"))) {
                return map(definition.get("Properties"), resource.getKey() + ".Properties");
            }
        }
        throw new IllegalStateException("template.yaml declares no AWS::DynamoDB::Table");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String what) {
        if (!(value instanceof Map)) {
            throw new IllegalStateException("template.yaml: " + what + " is not a mapping");
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value, String what) {
        if (!(value instanceof List)) {
            throw new IllegalStateException("template.yaml: " + what + " is not a list");
        }
        return (List<Object>) value;
    }

    /** Reads CloudFormation's short tags (!Ref, !Sub, !GetAtt, ...) as their long form {"Ref": ...}. */
    private static final class CloudFormationConstructor extends SafeConstructor {
        CloudFormationConstructor() {
            super(new LoaderOptions());
            this.yamlMultiConstructors.put("!", new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String tag = node.getTag().getValue().substring(1);
                    String name = tag.equals("Ref") || tag.equals("Condition") ? tag : "Fn::" + tag;
                    Object value;
                    if (node instanceof ScalarNode scalar) {
                        value = constructScalar(scalar);
                    } else if (node instanceof SequenceNode sequence) {
                        value = constructSequence(sequence);
                    } else {
                        value = constructMapping((MappingNode) node);
                    }
                    Map<String, Object> longForm = new LinkedHashMap<>();
                    longForm.put(name, value);
                    return longForm;
                }
            });
        }
    }
}
