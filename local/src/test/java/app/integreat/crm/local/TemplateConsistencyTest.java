package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.api.ApiHandler;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** template.yaml and the code must describe the same functions and routes, both ways. */
class TemplateConsistencyTest {
    static final Template TEMPLATE = Template.load(TestCrm.ROOT.resolve("template.yaml"));

    @Test
    void everyTemplateFunctionHasAHandlerServingExactlyItsRoutes() {
        TestCrm crm = new TestCrm();
        List<Template.Function> functions = TEMPLATE.functions();
        assertFalse(functions.isEmpty());
        Set<String> scheduled = TEMPLATE.schedules().stream().map(Template.Schedule::functionId).collect(Collectors.toSet());
        for (Template.Function function : functions) {
            Object handler = crm.crm.functions().handler(function.logicalId());
            if (scheduled.contains(function.logicalId())) {
                // a scheduled function serves no route
                assertTrue(function.routes().isEmpty() && !(handler instanceof ApiHandler), function.logicalId());
                continue;
            }
            if (!(handler instanceof ApiHandler)) {
                assertTrue(function.routes().isEmpty(), function.logicalId() + " has routes but is no API handler");
                continue;
            }
            Set<String> inTemplate = function.routes().stream().map(Template.Route::routeKey).collect(Collectors.toSet());
            assertEquals(inTemplate, ((ApiHandler) handler).routeKeys(), function.logicalId());
        }
    }

    @Test
    void everyHandlerInTheJarIsDeployedByTheTemplate() throws Exception {
        Set<String> deployed = TEMPLATE.functions().stream().map(Template.Function::handlerClass).collect(Collectors.toSet());
        Set<String> handlers = new HashSet<>();
        Path classes = TestCrm.ROOT.resolve("functions/target/classes");
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class") && !f.toString().contains("$")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name);
                if ((RequestHandler.class.isAssignableFrom(type) || RequestStreamHandler.class.isAssignableFrom(type))
                        && !Modifier.isAbstract(type.getModifiers())) {
                    handlers.add(name);
                }
            }
        }
        assertFalse(handlers.isEmpty());
        assertEquals(handlers, deployed);
    }

    @Test
    void routesAreUniqueAndOnlyHealthAndTheCalendarFeedAreOpen() {
        Map<String, String> owner = new HashMap<>();
        for (Template.Function function : TEMPLATE.functions()) {
            for (Template.Route route : function.routes()) {
                String previous = owner.put(route.routeKey(), function.logicalId());
                assertEquals(null, previous, route.routeKey() + " is mapped twice");
                // the calendar feed's secret link is its credential (calendar apps cannot sign in)
                assertEquals(!Set.of("GET /health", "GET /calendar/{file}").contains(route.routeKey()), route.authenticated(),
                        route.routeKey());
            }
        }
    }

    @Test
    void theFunctionsGetTheConfigurationTheCodeReads() {
        Map<String, Object> variables = TEMPLATE.globalEnvironment();
        assertTrue(variables.keySet().containsAll(Set.of("TABLE_NAME", "ADMIN_EMAIL", "INBOUND_ADDRESS")), variables::toString);
    }

    @Test
    void theReceiptRuleStoresRawMailWhereTheInboundFunctionReadsIt() throws IOException {
        String text = Files.readString(TestCrm.ROOT.resolve("template.yaml"));
        assertTrue(text.contains("ObjectKeyPrefix: " + app.integreat.crm.inbound.InboundMailHandler.RAW_MAIL_PREFIX + "\n"));
        assertTrue(text.contains("${RawMailBucket.Arn}/" + app.integreat.crm.inbound.InboundMailHandler.RAW_MAIL_PREFIX + "*"));
        assertTrue(text.contains("FunctionArn: !Ref " + LocalInbound.FUNCTION + ".Alias"));
    }

    @Test
    void noPolicyAllowsAScan() throws IOException {
        // comments may name the SAM policy templates to explain why they are not used
        String text = Files.readAllLines(TestCrm.ROOT.resolve("template.yaml")).stream()
                .filter(line -> !line.trim().startsWith("#")).collect(Collectors.joining("\n"));
        assertFalse(text.contains("dynamodb:Scan"));
        assertFalse(text.contains("dynamodb:*"));
        assertFalse(text.contains("DynamoDBCrudPolicy"));
        assertFalse(text.contains("DynamoDBReadPolicy"));
    }

    @Test
    void theLocalTableHasTheTemplatesKeySchema() {
        var request = TableSetup.createRequest(TEMPLATE, "t");
        assertEquals(List.of("pk", "sk"), request.keySchema().stream().map(k -> k.attributeName()).toList());
        assertEquals(Set.of("gsi1", "gsi2", "gsi3", "gsi4", "gsi5", "gsi6", "gsi7", "gsi8", "gsi9"), request.globalSecondaryIndexes().stream().map(i -> i.indexName()).collect(Collectors.toSet()));
    }
}
