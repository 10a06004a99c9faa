package app.integreat.crm.bench;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;

/**
 * Counts what the SDK does, for the benchmark and the budget tests: the operations (names), the
 * items they read, and the time spent waiting for the emulator (from sending a request until its
 * response arrived). The benchmark registers it as a global interceptor in the child JVM; counters
 * are static so the child can read them, and single calls are measured one at a time.
 */
public final class Meter implements ExecutionInterceptor {
    private static final ExecutionAttribute<Long> SENT = new ExecutionAttribute<>("bench.sent");
    private static final List<String> OPERATIONS = new ArrayList<>();
    private static long items;
    private static long emulatorNanos;

    public static synchronized void reset() {
        OPERATIONS.clear();
        items = 0;
        emulatorNanos = 0;
    }

    public static synchronized List<String> operations() {
        return List.copyOf(OPERATIONS);
    }

    public static synchronized long itemsRead() {
        return items;
    }

    public static synchronized long emulatorNanos() {
        return emulatorNanos;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        synchronized (Meter.class) {
            OPERATIONS.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        attributes.putAttribute(SENT, System.nanoTime());
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        Long sent = attributes.getAttribute(SENT);
        if (sent != null) {
            synchronized (Meter.class) {
                emulatorNanos += System.nanoTime() - sent;
            }
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        long read = itemsIn(context.response());
        synchronized (Meter.class) {
            items += read;
        }
    }

    private static long itemsIn(SdkResponse response) {
        if (response instanceof QueryResponse query) {
            return query.count() == null ? 0 : query.count();
        }
        if (response instanceof GetItemResponse get) {
            return get.hasItem() && !get.item().isEmpty() ? 1 : 0;
        }
        if (response instanceof BatchGetItemResponse batch) {
            return batch.responses().values().stream().mapToLong(List::size).sum();
        }
        if (response instanceof TransactGetItemsResponse transact) {
            return transact.responses().stream().filter(r -> r.hasItem()).count();
        }
        if (response instanceof ScanResponse scan) {
            return scan.count() == null ? 0 : scan.count();
        }
        return 0;
    }
}
