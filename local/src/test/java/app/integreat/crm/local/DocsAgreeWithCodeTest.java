package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.Services;
import app.integreat.crm.SesMailer;
import app.integreat.crm.api.ApiHandler;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where docs describe what the code does, the code is run and the docs are read against it. */
class DocsAgreeWithCodeTest {

    @Test
    void theOutboxIsWhatThisCrmsSesClientSentNotMotosStore() throws Exception {
        TestCrm crm = new TestCrm();
        String tag = "docs" + System.nanoTime();
        // a mail that only the emulator knows: another SES client, not the runner's
        Services other = new Services(crm.crm.services().config(), crm.crm.dynamo(), crm.crm.services().clock());
        new SesMailer(other.ses(), crm.crm.services().config().mailFrom()).send("elsewhere-" + tag + "@example.org", "Nicht von hier", "x");
        // and one that the runner's functions had SES send
        String email = "digest-" + tag + "@integreat.example";
        String memberId = crm.admin().post("/members", Map.of("email", email, "name", "Doku")).string("id");
        crm.admin().post("/tasks", Map.of("title", "Heute", "dueDate", java.time.LocalDate.now(java.time.ZoneId.of("Europe/Berlin")).toString(),
                "assigneeId", memberId));
        LocalReminders.run(crm.crm.functions(), "ReminderFunction");

        List<Map<String, Object>> outbox = crm.crm.outbox().mails();
        assertEquals(1, outbox.stream().filter(mail -> String.valueOf(mail.get("to")).contains(email)).count(), outbox::toString);
        assertFalse(outbox.toString().contains("elsewhere-" + tag), "moto's store is not read");
        assertEquals(java.util.Set.of("from", "to", "subject", "body", "headers"), outbox.get(0).keySet());

        String api = Files.readString(TestCrm.ROOT.resolve("docs/api.md"));
        assertTrue(api.contains("`LocalOutbox`") && api.contains("{items: [{from, to, subject, body, headers}]}"), "docs/api.md on GET /dev/outbox");
        assertFalse(api.contains("moto-api/data.json"), "docs/api.md still says the outbox is read from moto");
    }

    @Test
    void performanceMdNamesEveryRequestOfTheSnapStartHook() throws Exception {
        TestCrm crm = new TestCrm();
        crm.operations.clear();
        ((ApiHandler) (Object) crm.crm.functions().handler("AccountsFunction")).beforeCheckpoint(null);
        String performance = Files.readString(TestCrm.ROOT.resolve("docs/performance.md"));
        String row = performance.lines().filter(line -> line.contains("`SnapStartPrimingTest`")).findFirst().orElseThrow();
        for (String operation : crm.operations) {
            String named = operation.equals("TransactWriteItems") ? "transaction" : operation;
            assertTrue(row.contains(named), () -> "docs/performance.md's budget row leaves out the hook's " + operation + ": " + row);
        }
        assertFalse(row.contains("only reads"), row);
        assertTrue(performance.contains("`TransactWriteItems` whose condition"), "the priming paragraph names the refused write");
    }
}
