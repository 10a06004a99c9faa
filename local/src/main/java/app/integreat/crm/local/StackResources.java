package app.integreat.crm.local;

import app.integreat.crm.Services;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;

/**
 * The physical names of a deployed stack's resources, by their logical ids in template.yaml: one
 * DescribeStackResource each (DescribeStackResources lists only a stack's first 100, and SAM makes
 * more than that of the template's routes).
 */
final class StackResources {
    static final String TABLE = "CrmTable";
    static final String RAW_MAIL_BUCKET = "RawMailBucket";

    private StackResources() {
    }

    /** The table's and the mail bucket's names; an id the stack lacks is left out. */
    static Map<String, String> of(String stack, String region, URI endpoint) throws IOException {
        var builder = CloudFormationClient.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(region)).credentialsProvider(Services.credentials(endpoint));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        Map<String, String> names = new LinkedHashMap<>();
        try (CloudFormationClient cloudFormation = builder.build()) {
            for (String logicalId : List.of(TABLE, RAW_MAIL_BUCKET)) {
                try {
                    names.put(logicalId, cloudFormation.describeStackResource(request -> request.stackName(stack)
                            .logicalResourceId(logicalId)).stackResourceDetail().physicalResourceId());
                } catch (CloudFormationException e) {
                    String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
                    if (message == null || !message.contains(logicalId)) {
                        throw new IOException("CloudFormation cannot describe the stack " + stack + ": " + message);
                    }
                    // the stack is there, but not this resource
                }
            }
        } catch (SdkException e) {
            throw new IOException("CloudFormation cannot be reached: " + e.getMessage());
        }
        return names;
    }
}
