package app.integreat.crm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/** Which failures are a dependency's (503, try again) and which are ours (500). */
class DependencyFailureTest {

    private static DynamoDbException service(int status, String code) {
        return (DynamoDbException) DynamoDbException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build()).build();
    }

    @Test
    void unreachableSlowThrottledOrFailingServicesAreTheDependencys() {
        assertTrue(DependencyFailure.is(SdkClientException.create("Unable to execute HTTP request", new ConnectException("refused"))));
        assertTrue(DependencyFailure.is(SdkClientException.create("read", new SocketTimeoutException("Read timed out"))));
        assertTrue(DependencyFailure.is(ApiCallTimeoutException.create(9000)));
        assertTrue(DependencyFailure.is(service(500, "InternalServerError")));
        assertTrue(DependencyFailure.is(service(503, "ServiceUnavailable")));
        assertTrue(DependencyFailure.is(service(400, "ThrottlingException")));
        assertTrue(DependencyFailure.is(service(400, "ProvisionedThroughputExceededException")));
        // wrapped by our code, it is still the dependency that failed
        assertTrue(DependencyFailure.is(new IllegalStateException("while reading", ApiCallTimeoutException.create(9000))));
    }

    @Test
    void requestsWeBuiltWrongAndOurOwnBugsAreOurs() {
        assertFalse(DependencyFailure.is(service(400, "ValidationException")));
        assertFalse(DependencyFailure.is(SdkClientException.create("Parameter 'TableName' must not be null")));
        assertFalse(DependencyFailure.is(new NullPointerException()));
        assertFalse(DependencyFailure.is(new IllegalStateException("transaction cancelled for [ValidationError]")));
    }
}
