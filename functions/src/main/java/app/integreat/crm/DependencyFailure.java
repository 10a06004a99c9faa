package app.integreat.crm;

import java.io.IOException;
import java.io.UncheckedIOException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Tells a dependency's failure (DynamoDB, S3 or SES did not answer, refused the connection, throttled
 * us or failed on its side) from a fault of our own: the first is worth retrying later (503), the
 * second is a bug (500).
 */
public final class DependencyFailure {
    /** Seconds a client should wait before trying again after a 503. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private DependencyFailure() {
    }

    public static boolean is(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause()) {
            if (e instanceof SdkServiceException service) {
                return service.isThrottlingException() || service.statusCode() >= 500;
            }
            if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
                return true;
            }
            if (e instanceof SdkClientException && causedByIo(e)) {
                // connection refused or reset, a read that timed out; a client exception without an
                // I/O cause is a request we built wrong
                return true;
            }
        }
        return false;
    }

    private static boolean causedByIo(Throwable failure) {
        for (Throwable e = failure.getCause(); e != null; e = e.getCause()) {
            if (e instanceof IOException || e instanceof UncheckedIOException) {
                return true;
            }
        }
        return false;
    }
}
