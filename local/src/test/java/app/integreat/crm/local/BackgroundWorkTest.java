package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The work queue (docs/background-work.md) as template.yaml declares it and the local runner runs it: an
 * encrypted queue with a dead-letter queue and its alarm, a worker with small batches that reports failed
 * messages one by one, and send rights only for the functions that enqueue.
 */
@ExtendWith(DropTablesAfterEachClass.class)
class BackgroundWorkTest {
    static final Template TEMPLATE = TemplateConsistencyTest.TEMPLATE;

    @Test
    void theQueueIsEncryptedHasADeadLetterQueueWithAnAlarmAndFeedsTheWorkerInSmallBatches() {
        List<Template.QueueSource> sources = TEMPLATE.queueSources();
        assertEquals(List.of(new Template.QueueSource("BackgroundWorkFunction", "BackgroundWorkQueue", 5, true)), sources);
        Map<String, Object> queue = TEMPLATE.queueProperties("BackgroundWorkQueue");
        assertEquals(Boolean.TRUE, queue.get("SqsManagedSseEnabled"));
        Map<?, ?> redrive = (Map<?, ?>) queue.get("RedrivePolicy");
        assertEquals("BackgroundWorkFailures", Template.arnOf(redrive.get("deadLetterTargetArn")));
        assertEquals(Boolean.TRUE, TEMPLATE.queueProperties("BackgroundWorkFailures").get("SqsManagedSseEnabled"));
        // the worker's timeout six times over, so a message is not handed out twice while it runs
        int timeout = ((Number) properties("BackgroundWorkFunction").get("Timeout")).intValue();
        assertTrue(((Number) queue.get("VisibilityTimeout")).intValue() >= 6 * timeout);
        boolean alarmed = TEMPLATE.resources().values().stream().map(r -> (Map<?, ?>) r)
                .filter(r -> "AWS::CloudWatch::Alarm".equals(r.get("Type")))
                .map(r -> String.valueOf(((Map<?, ?>) r.get("Properties")).get("Dimensions")))
                .anyMatch(dimensions -> dimensions.contains("BackgroundWorkFailures.QueueName"));
        assertTrue(alarmed, "an alarm watches BackgroundWorkFailures");
    }

    @Test
    void onlyTheFunctionsWithTheQueuesUrlMaySendToIt() {
        Set<String> withUrl = new TreeSet<>();
        Set<String> maySend = new TreeSet<>();
        for (Template.Function function : TEMPLATE.functions()) {
            Map<String, Object> properties = properties(function.logicalId());
            if (String.valueOf(properties.get("Environment")).contains("WORK_QUEUE_URL={Ref=BackgroundWorkQueue}")) {
                withUrl.add(function.logicalId());
            }
            for (Object statement : statements(properties)) {
                Map<?, ?> s = (Map<?, ?>) statement;
                if (String.valueOf(s.get("Action")).contains("sqs:SendMessage")
                        && String.valueOf(s.get("Resource")).contains("BackgroundWorkQueue.Arn")) {
                    assertEquals(List.of("sqs:SendMessage"), s.get("Action"), function.logicalId() + " may only send");
                    maySend.add(function.logicalId());
                }
            }
        }
        assertEquals(new TreeSet<>(Set.of("AccountsFunction", "ContactsFunction", "BackgroundWorkFunction")), withUrl);
        assertEquals(withUrl, maySend);
    }

    @Test
    void aMessageThatFailsIsReportedAloneAndLeftForRedelivery() {
        TestCrm crm = new TestCrm();
        LocalQueues queues = crm.crm.queues();
        Template.QueueSource source = TEMPLATE.queueSources().get(0);
        queues.send("BackgroundWorkQueue", "{\"kind\":\"NO_SUCH_KIND\",\"id\":\"01JDZ6Q4Z8X9V2M3N4P5R6S7T8\"}");
        queues.send("BackgroundWorkQueue", "not json");
        List<String> failed = new ArrayList<>();
        for (int polls = 0; polls < 5 && failed.size() < 2; polls++) {
            failed.addAll(queues.pollOnce(crm.crm.functions(), source, 1).failedBodies());
        }
        assertEquals(Set.of("{\"kind\":\"NO_SUCH_KIND\",\"id\":\"01JDZ6Q4Z8X9V2M3N4P5R6S7T8\"}", "not json"), Set.copyOf(failed));
        // not deleted: in flight until the visibility timeout, then delivered again (and after five, dead-lettered)
        var sqs = crm.crm.services().sqs();
        String inFlight = sqs.getQueueAttributes(b -> b.queueUrl(queues.url("BackgroundWorkQueue"))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
        assertEquals("2", inFlight);
        assertThrows(IllegalStateException.class, () -> queues.drain(crm.crm.functions(), java.time.Duration.ofSeconds(2)),
                "a queue with failed messages is not drained");
    }

    static Map<String, Object> properties(String functionId) {
        return Template.map(Template.map(TEMPLATE.resources().get(functionId), functionId).get("Properties"), functionId);
    }

    private static List<Object> statements(Map<String, Object> properties) {
        List<Object> statements = new ArrayList<>();
        Object policies = properties.get("Policies");
        for (Object policy : policies == null ? List.of() : Template.list(policies, "Policies")) {
            if (policy instanceof Map<?, ?> document && document.get("Statement") instanceof List<?> list) {
                statements.addAll(list);
            }
        }
        return statements;
    }
}
