package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The asynchronously invoked functions (the reminder run from EventBridge Scheduler, the inbound mail
 * from SES) end in a queue when they still fail after Lambda's retries; each queue has an alarm, and
 * only its own function may send to it.
 */
class FailureDestinationsTest {
    private final Map<String, Object> resources = Template.load(TestCrm.ROOT.resolve("template.yaml")).resources();

    private Map<String, Object> properties(String logicalId) {
        return Template.map(Template.map(resources.get(logicalId), logicalId).get("Properties"), logicalId + ".Properties");
    }

    @Test
    void aFailedReminderRunAndAFailedInboundMailLandInAQueueWithAnAlarm() {
        for (String[] pair : List.of(new String[] {"ReminderFunction", "ReminderFailures"},
                new String[] {"InboundMailFunction", "InboundMailFailures"})) {
            String function = pair[0];
            String queue = pair[1];
            Map<String, Object> invoke = Template.map(properties(function).get("EventInvokeConfig"), function + ".EventInvokeConfig");
            int retries = ((Number) invoke.get("MaximumRetryAttempts")).intValue();
            assertTrue(retries >= 1 && retries <= 2, function + " is retried by Lambda: " + retries);
            Map<String, Object> onFailure = Template.map(Template.map(invoke.get("DestinationConfig"), "DestinationConfig")
                    .get("OnFailure"), "OnFailure");
            assertEquals("SQS", onFailure.get("Type"), function);
            assertEquals(Map.of("Fn::GetAtt", queue + ".Arn"), onFailure.get("Destination"), function);
            assertEquals("AWS::SQS::Queue", Template.map(resources.get(queue), queue).get("Type"));

            List<String> alarms = new ArrayList<>();
            for (Map.Entry<String, Object> resource : resources.entrySet()) {
                Map<String, Object> definition = Template.map(resource.getValue(), resource.getKey());
                if ("AWS::CloudWatch::Alarm".equals(definition.get("Type"))
                        && String.valueOf(definition.get("Properties")).contains("{Fn::GetAtt=" + queue + ".QueueName}")) {
                    Map<String, Object> alarm = properties(resource.getKey());
                    assertEquals("AWS/SQS", alarm.get("Namespace"));
                    assertEquals("ApproximateNumberOfMessagesVisible", alarm.get("MetricName"));
                    assertEquals("GreaterThanThreshold", alarm.get("ComparisonOperator"));
                    assertEquals(0, ((Number) alarm.get("Threshold")).intValue());
                    assertFalse(Template.list(alarm.get("AlarmActions"), "AlarmActions").isEmpty(), resource.getKey() + " notifies");
                    alarms.add(resource.getKey());
                }
            }
            assertEquals(1, alarms.size(), "one alarm on " + queue + ": " + alarms);
        }
    }

    @Test
    void onlyEachQueuesOwnFunctionMaySendToIt() {
        Map<String, String> senders = Map.of("ReminderFunction", "ReminderFailures", "InboundMailFunction", "InboundMailFailures");
        for (Map.Entry<String, Object> resource : resources.entrySet()) {
            Map<String, Object> definition = Template.map(resource.getValue(), resource.getKey());
            if (!"AWS::Serverless::Function".equals(definition.get("Type"))) {
                continue;
            }
            // sending to the work queue is BackgroundWorkTest's (only the functions that enqueue may)
            String policies = String.valueOf(properties(resource.getKey()).get("Policies"))
                    .replace("Action=[sqs:SendMessage], Resource={Fn::GetAtt=BackgroundWorkQueue.Arn}", "");
            String queue = senders.get(resource.getKey());
            if (queue == null) {
                assertFalse(policies.contains("sqs:"), resource.getKey() + " needs no queue");
            } else {
                assertTrue(policies.contains("Action=[sqs:SendMessage], Resource={Fn::GetAtt=" + queue + ".Arn}"),
                        resource.getKey() + " may send to " + queue + " only: " + policies);
                assertFalse(policies.replace("sqs:SendMessage", "").contains("sqs:"), resource.getKey() + ": " + policies);
            }
        }
    }
}
