package app.integreat.crm.local;

import app.integreat.crm.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The SQS event sources of template.yaml, run locally: the queues (and their dead-letter queues) are
 * created on the emulator from the template's properties, and a message is handed to its function as
 * Lambda's event source mapping does it: in batches of the event's BatchSize, deleted when the function
 * succeeded (or did not report it among its batchItemFailures), left for redelivery otherwise.
 */
public final class LocalQueues {
    /** What one poll did: the bodies handed to the function and those it reported as failed. */
    public record Batch(List<String> bodies, List<String> failedBodies) {
    }

    private final Template template;
    private final SqsClient sqs;
    private final String region;
    private final Map<String, String> urls = new LinkedHashMap<>();
    private final List<String> handled = java.util.Collections.synchronizedList(new ArrayList<>());

    /** Creates the queues of the template's SQS events, named {@code <prefix>-<LogicalId>} (the table's name, so runs stay apart). */
    LocalQueues(Template template, SqsClient sqs, String prefix, String region) {
        this.template = template;
        this.sqs = sqs;
        this.region = region;
        for (Template.QueueSource source : template.queueSources()) {
            create(source.queueId(), prefix);
        }
    }

    private String create(String logicalId, String prefix) {
        String existing = urls.get(logicalId);
        if (existing != null) {
            return existing;
        }
        Map<String, Object> properties = template.queueProperties(logicalId);
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String name : List.of("VisibilityTimeout", "MessageRetentionPeriod", "DelaySeconds", "ReceiveMessageWaitTimeSeconds")) {
            if (properties.get(name) != null) {
                attributes.put(name, String.valueOf(properties.get(name)));
            }
        }
        if (properties.get("RedrivePolicy") instanceof Map<?, ?> redrive) {
            String deadLetter = create(Template.arnOf(redrive.get("deadLetterTargetArn")), prefix);
            String arn = sqs.getQueueAttributes(b -> b.queueUrl(deadLetter).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            attributes.put("RedrivePolicy", Json.write(Map.of("deadLetterTargetArn", arn,
                    "maxReceiveCount", String.valueOf(redrive.get("maxReceiveCount")))));
        }
        String url = sqs.createQueue(b -> b.queueName(prefix + "-" + logicalId).attributesWithStrings(attributes)).queueUrl();
        urls.put(logicalId, url);
        return url;
    }

    /** The emulator's URL of a queue of the template. */
    public String url(String logicalId) {
        String url = urls.get(logicalId);
        if (url == null) {
            throw new IllegalArgumentException("no local queue " + logicalId + "; the template's SQS event queues are " + urls.keySet());
        }
        return url;
    }

    /** Every message body a function was handed, in order (a test sends one again to see a redelivery change nothing). */
    public List<String> handled() {
        return List.copyOf(handled);
    }

    /** Sends a message to a queue as any producer would. */
    public void send(String logicalId, String body) {
        sqs.sendMessage(b -> b.queueUrl(url(logicalId)).messageBody(body));
    }

    /** One receive of up to the event's batch size, handed to its function; what succeeded is deleted. */
    public Batch pollOnce(LocalFunctions functions, Template.QueueSource source, int waitSeconds) {
        String url = url(source.queueId());
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(Math.min(10, source.batchSize()))
                .waitTimeSeconds(waitSeconds)).messages();
        if (messages.isEmpty()) {
            return new Batch(List.of(), List.of());
        }
        List<Map<String, Object>> records = new ArrayList<>();
        for (Message message : messages) {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("messageId", message.messageId());
            record.put("receiptHandle", message.receiptHandle());
            record.put("body", message.body());
            record.put("attributes", Map.of());
            record.put("messageAttributes", Map.of());
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", "arn:aws:sqs:" + region + ":000000000000:" + url.substring(url.lastIndexOf('/') + 1));
            record.put("awsRegion", region);
            records.add(record);
        }
        messages.forEach(message -> handled.add(message.body()));
        Set<String> failed;
        try {
            Map<String, Object> answer = Json.object(functions.invokeStream(source.functionId(), Json.write(Map.of("Records", records))));
            Object failures = answer.get("batchItemFailures");
            failed = (failures instanceof List<?> list ? list : List.of()).stream()
                    .map(failure -> (String) ((Map<?, ?>) failure).get("itemIdentifier")).collect(Collectors.toSet());
        } catch (RuntimeException e) {
            // the whole invocation failed: Lambda returns the whole batch to the queue
            failed = messages.stream().map(Message::messageId).collect(Collectors.toSet());
        }
        List<String> failedBodies = new ArrayList<>();
        for (Message message : messages) {
            if (failed.contains(message.messageId())) {
                failedBodies.add(message.body());
            } else {
                sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receiptHandle()));
            }
        }
        return new Batch(messages.stream().map(Message::body).toList(), failedBodies);
    }

    /**
     * Runs every queue until it is empty (no message waiting, none in flight), handing the messages to their
     * functions; the work a function enqueues meanwhile is run too. Returns how many messages were handled.
     * Fails when a message failed (it would only come back after the visibility timeout) or the deadline passed.
     */
    public int drain(LocalFunctions functions, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        int count = 0;
        while (true) {
            boolean any = false;
            for (Template.QueueSource source : template.queueSources()) {
                Batch batch = pollOnce(functions, source, 0);
                if (!batch.failedBodies().isEmpty()) {
                    throw new IllegalStateException(source.functionId() + " failed on " + batch.failedBodies());
                }
                count += batch.bodies().size();
                any |= !batch.bodies().isEmpty();
            }
            if (!any && empty()) {
                return count;
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException("the queues are not drained after " + deadline);
            }
        }
    }

    private boolean empty() {
        for (Template.QueueSource source : template.queueSources()) {
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(url(source.queueId())).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            if (!"0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    || !"0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))) {
                return false;
            }
        }
        return true;
    }

    /** Deletes the queues (a test's, with its table). */
    public void delete() {
        urls.values().forEach(url -> sqs.deleteQueue(b -> b.queueUrl(url)));
    }

    /** Polls every queue on a daemon thread, as the event source mappings do; the thread ends with the runner. */
    void start(LocalFunctions functions) {
        for (Template.QueueSource source : template.queueSources()) {
            Thread poller = new Thread(() -> {
                while (true) {
                    try {
                        Batch batch = pollOnce(functions, source, 1);
                        if (!batch.failedBodies().isEmpty()) {
                            System.err.println(source.functionId() + ": " + batch.failedBodies().size()
                                    + " message(s) failed; they come back after the queue's visibility timeout");
                        }
                    } catch (RuntimeException e) {
                        System.err.println(source.functionId() + " poller: " + e);
                        try {
                            Thread.sleep(1_000);
                        } catch (InterruptedException interrupted) {
                            return;
                        }
                    }
                }
            }, "local-queue-" + source.queueId());
            poller.setDaemon(true);
            poller.start();
            System.out.println("  " + source.functionId() + " reads " + source.queueId() + " (batches of " + source.batchSize() + ")");
        }
    }
}
