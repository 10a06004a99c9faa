package app.integreat.crm.model;

import java.time.Instant;

/**
 * A file kept on an account, contact or opportunity (an imported Salesforce attachment or file):
 * its bytes in S3 under {@code key}, its description here.
 */
public record StoredFile(String id, String name, String contentType, long size, String key, String salesforceId,
                         Instant createdAt) {
}
