package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.Services;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import java.util.List;

/**
 * The deployment jar keeps only the SDK model classes of the operations bench/sdk-keep.py names (the
 * tests run on that jar). This calls the S3 and SES operations the mail features use, so that one the
 * keep-list misses fails here with NoClassDefFoundError instead of in AWS; likewise the SQS operations of the
 * work queue (the functions send, the local runner creates, receives and deletes).
 */
class KeptSdkOperationsTest {

    @Test
    void s3ObjectOperationsAndPresigning() {
        Services services = new TestCrm().crm.services();
        S3Client s3 = services.s3();
        String bucket = "kept-ops-" + ProcessHandle.current().pid();
        s3.createBucket(b -> b.bucket(bucket));
        s3.headBucket(b -> b.bucket(bucket));
        s3.putObject(b -> b.bucket(bucket).key("raw/one").contentType("message/rfc822"), RequestBody.fromString("Subject: Hallo\r\n\r\nText"));
        assertEquals("message/rfc822", s3.headObject(b -> b.bucket(bucket).key("raw/one")).contentType());
        assertEquals("Subject: Hallo\r\n\r\nText", s3.getObjectAsBytes(b -> b.bucket(bucket).key("raw/one")).asString(StandardCharsets.UTF_8));
        try (var stream = s3.getObject(b -> b.bucket(bucket).key("raw/one"))) {
            assertTrue(stream.readAllBytes().length > 0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("raw/one").destinationBucket(bucket).destinationKey("raw/two"));
        assertEquals(2, s3.listObjectsV2(b -> b.bucket(bucket).prefix("raw/")).keyCount());
        try (var presigner = services.s3Presigner()) {
            String url = presigner.presignGetObject(b -> b.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(g -> g.bucket(bucket).key("raw/one"))).url().toString();
            assertTrue(url.contains("X-Amz-Signature"), url);
        }
        s3.deleteObject(b -> b.bucket(bucket).key("raw/one"));
        s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(o -> o.key("raw/two"))));
        s3.deleteBucket(b -> b.bucket(bucket));
    }

    @Test
    void sesSendsMail() {
        Services services = new TestCrm().crm.services();
        var ses = services.ses();
        ses.createEmailIdentity(b -> b.emailIdentity("crm@example.org"));
        String simple = ses.sendEmail(b -> b.fromEmailAddress("crm@example.org")
                .destination(d -> d.toAddresses("anna@example.org"))
                .content(c -> c.simple(m -> m.subject(s -> s.data("Erinnerung").charset("UTF-8"))
                        .body(body -> body.text(t -> t.data("Drei Aufgaben sind fällig.").charset("UTF-8")))))).messageId();
        assertTrue(simple != null && !simple.isBlank());
        String raw = ses.sendEmail(b -> b.fromEmailAddress("crm@example.org").destination(d -> d.toAddresses("anna@example.org"))
                .content(c -> c.raw(r -> r.data(software.amazon.awssdk.core.SdkBytes.fromUtf8String(
                        "From: crm@example.org\r\nTo: anna@example.org\r\nSubject: Eingang\r\n\r\nGespeichert."))))).messageId();
        assertTrue(raw != null && !raw.isBlank());
    }

    @Test
    void sqsWorkQueueOperations() {
        Services services = new TestCrm().crm.services();
        var sqs = services.sqs();
        String url = sqs.createQueue(b -> b.queueName("kept-ops-" + ProcessHandle.current().pid())).queueUrl();
        assertEquals(url, sqs.getQueueUrl(b -> b.queueName("kept-ops-" + ProcessHandle.current().pid())).queueUrl());
        String sent = sqs.sendMessage(b -> b.queueUrl(url).messageBody("{\"kind\":\"K\",\"id\":\"1\"}")).messageId();
        assertTrue(sent != null && !sent.isBlank());
        var received = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(5).waitTimeSeconds(1)).messages();
        assertEquals(List.of("{\"kind\":\"K\",\"id\":\"1\"}"), received.stream().map(m -> m.body()).toList());
        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(received.get(0).receiptHandle()));
        var attributes = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.QUEUE_ARN)).attributes();
        assertEquals("0", attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        assertTrue(attributes.get(QueueAttributeName.QUEUE_ARN).startsWith("arn:aws:sqs:"));
        sqs.deleteQueue(b -> b.queueUrl(url));
    }
}
