package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The sample events in events/ are what API Gateway sends; each is read with the Lambda runtime's own
 * serializer and run through the function the template routes it to (as ./crm invoke does).
 */
class SampleEventsTest {
    static final PojoSerializer<APIGatewayV2HTTPEvent> SERIALIZER =
            LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, SampleEventsTest.class.getClassLoader());

    static APIGatewayV2HTTPEvent read(String name) throws Exception {
        try (InputStream in = Files.newInputStream(TestCrm.ROOT.resolve("events").resolve(name))) {
            return SERIALIZER.fromJson(in);
        }
    }

    static TestCrm.Reply run(TestCrm crm, APIGatewayV2HTTPEvent event) {
        String[] route = event.getRouteKey().split(" ", 2);
        LocalFunctions.Match match = crm.crm.functions().match(route[0], event.getRawPath());
        assertNotNull(match, "template.yaml routes " + event.getRouteKey());
        assertEquals(event.getRouteKey(), match.route().routeKey());
        return crm.invoke(match.functionId(), event);
    }

    @Test
    void everySampleEventRunsOnItsFunction() throws Exception {
        TestCrm crm = new TestCrm();
        Map<String, Integer> expected = Map.of(
                "http-get-health.json", 200,
                "http-get-me.json", 200,
                "http-list-members.json", 200,
                "http-create-member.json", 201,
                "http-create-account.json", 201,
                "http-create-contact.json", 201,
                "http-find-contact-by-email.json", 200,
                "http-list-accounts.json", 200);
        List<String> files;
        try (Stream<Path> listing = Files.list(TestCrm.ROOT.resolve("events"))) {
            files = listing.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("http-")).sorted().toList();
        }
        assertFalse(files.isEmpty());
        // creating first, so that the reads find something
        assertEquals(List.of("http-create-account.json", "http-create-contact.json", "http-create-interaction.json",
                "http-create-member.json"), files.stream().filter(n -> n.startsWith("http-create")).toList());
        for (String name : List.of("http-create-account.json", "http-create-contact.json", "http-create-member.json")) {
            assertEquals(201, run(crm, read(name)).status(), name);
        }
        String accountId = crm.admin().get("/accounts?q=augsburg").items().get(0).get("id").toString();
        for (String name : files.stream().filter(n -> !n.startsWith("http-create")).toList()) {
            APIGatewayV2HTTPEvent event = read(name);
            if (event.getPathParameters() != null && event.getPathParameters().containsKey("id")) {
                // the samples name an example id; aim them at the account just created
                event.setRawPath(event.getRawPath().replace(event.getPathParameters().get("id"), accountId));
                event.setPathParameters(Map.of("id", accountId));
            }
            TestCrm.Reply reply = run(crm, event);
            assertEquals(expected.getOrDefault(name, 200), reply.status(), name + ": " + reply);
        }
        APIGatewayV2HTTPEvent call = read("http-create-interaction.json");
        call.setBody(call.getBody().replace("01JDZ6Q4Z8X9V2M3N4P5R6S7T8", accountId));
        TestCrm.Reply logged = run(crm, call);
        assertEquals(201, logged.status(), logged::toString);
        assertNotNull(logged.json().get("followUpTask"));
        TestCrm.Reply found = run(crm, read("http-list-accounts.json"));
        assertEquals(1, found.items().size(), "the sample search finds the sample account: " + found);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everySampleSesEventRunsOnTheInboundFunction() throws Exception {
        TestCrm crm = new TestCrm();
        crm.member("lena@integreat.example", "MEMBER");
        String augsburg = crm.admin().post("/accounts", Map.of("name", "Stadt Augsburg", "type", "MUNICIPALITY")).string("id");
        crm.admin().post("/contacts", Map.of("firstName", "Erika", "lastName", "Müller",
                "emails", List.of("erika.mueller@augsburg.de"), "accountId", augsburg));
        Map<String, String> expected = Map.of("ses-bcc.json", "LOGGED", "ses-forward.json", "LOGGED", "ses-spam.json", "QUARANTINED");
        List<String> files;
        try (Stream<Path> listing = Files.list(TestCrm.ROOT.resolve("events"))) {
            files = listing.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("ses-") && n.endsWith(".json")).sorted().toList();
        }
        assertEquals(expected.keySet(), new java.util.HashSet<>(files));
        for (String name : files) {
            Map<String, Object> answer = app.integreat.crm.json.Json.object(crm.inbound().invokeSample(TestCrm.ROOT.resolve("events").resolve(name)));
            Map<String, Object> result = ((List<Map<String, Object>>) answer.get("results")).get(0);
            assertEquals(expected.get(name), result.get("result"), name);
        }
        List<Object> subjects = crm.admin().get("/accounts/" + augsburg + "/timeline").items().stream().map(e -> e.get("title")).toList();
        assertEquals(List.of("Angebot für die Stadt Augsburg", "Frage zur Datenschutzvereinbarung"), subjects);
    }

    @Test
    void theScheduledSampleEventRunsTheReminderFunction() throws Exception {
        TestCrm crm = new TestCrm();
        List<String> files;
        try (Stream<Path> listing = Files.list(TestCrm.ROOT.resolve("events"))) {
            files = listing.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("scheduled-")).sorted().toList();
        }
        assertEquals(List.of("scheduled-reminders.json"), files);
        List<Template.Schedule> schedules = crm.crm.functions().schedules();
        assertEquals(1, schedules.size());
        Map<String, Object> event = app.integreat.crm.json.Json.object(Files.readString(TestCrm.ROOT.resolve("events").resolve(files.get(0))));
        Object answer = crm.crm.functions().invokeObject(schedules.get(0).functionId(), event);
        assertNotNull(((Map<?, ?>) answer).get("date"), String.valueOf(answer));
        assertEquals(0, ((Number) ((Map<?, ?>) answer).get("sent")).intValue(), "an empty CRM mails nobody");
    }
}
