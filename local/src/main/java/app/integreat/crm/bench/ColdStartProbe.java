package app.integreat.crm.bench;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs in a fresh JVM (started by {@link Benchmark} and by the class-count test) and does what the
 * Lambda Java runtime does for one function: a class loader over the deployment jar, the handler
 * class loaded and constructed (init), the event read with the runtime's own serializers, one
 * invocation and its response written (first invoke). Optionally it then calls the handler many
 * times (warm latency). It prints one line {@code BENCH-RESULT {json}}.
 *
 * <p>Only the JDK and aws-lambda-java-serialization (the runtime's part) are on this JVM's class
 * path; everything of the function comes from the jar, as in Lambda. No inner classes here: the
 * benchmark copies this one class file into a directory of its own.
 *
 * <p>Arguments: {@code jar=PATH extra=DIR[,DIR] handler=CLASS event=FILE [prime=true] [warmup=N calls=N]}.
 */
public final class ColdStartProbe {

    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Throwable {
        long start = System.nanoTime();
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        byte[] event = Files.readAllBytes(Path.of(options.get("event")));
        List<URL> urls = new ArrayList<>();
        urls.add(Path.of(options.get("jar")).toUri().toURL());
        for (String dir : options.getOrDefault("extra", "").split(",")) {
            if (!dir.isBlank()) {
                urls.add(Path.of(dir).toUri().toURL());
            }
        }

        // init: what Lambda bills as Init Duration
        long initStart = System.nanoTime();
        ClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ColdStartProbe.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        Class<?> handlerClass = Class.forName(options.get("handler"), true, loader);
        Object handler = handlerClass.getConstructor().newInstance();
        Method handle = handleMethod(handlerClass);
        long initNanos = System.nanoTime() - initStart;

        long primeNanos = 0;
        if (Boolean.parseBoolean(options.getOrDefault("prime", "false"))) {
            // what SnapStart runs before the snapshot; the invocation below is then the first after restore
            long primeStart = System.nanoTime();
            for (Method method : handlerClass.getMethods()) {
                if (method.getName().equals("beforeCheckpoint") && method.getParameterCount() == 1) {
                    method.invoke(handler, new Object[] {null});
                }
            }
            primeNanos = System.nanoTime() - primeStart;
        }

        boolean stream = handle.getParameterCount() == 3;
        Class<?> contextType = handle.getParameterTypes()[handle.getParameterCount() - 1];
        Object context = Proxy.newProxyInstance(loader, new Class<?>[] {contextType}, (proxy, method, methodArgs) -> switch (method.getName()) {
            case "getAwsRequestId" -> "bench-request";
            case "getFunctionName" -> "bench";
            case "getRemainingTimeInMillis" -> 15_000;
            case "getMemoryLimitInMB" -> 1024;
            case "toString" -> "bench context";
            case "hashCode" -> 0;
            case "equals" -> proxy == methodArgs[0];
            default -> null;
        });
        // a stream handler (the inbound function) reads the event's bytes itself, as Lambda hands them over
        PojoSerializer<Object> in = stream ? null : serializer(handle.getParameterTypes()[0], loader);
        PojoSerializer<Object> out = stream || handle.getReturnType() == void.class ? null : serializer(handle.getReturnType(), loader);

        // mx=false: no management beans at all, for counting the classes a cold start loads with -Xlog:class+load
        boolean mx = Boolean.parseBoolean(options.getOrDefault("mx", "true"));
        if (mx) {
            resetPeakHeap();
        }
        long invokeStart = System.nanoTime();
        Object response = invoke(handler, handle, in, out, event, context);
        long invokeNanos = System.nanoTime() - invokeStart;
        long peakHeap = mx ? peakHeap() : 0;
        long classes = mx ? ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount() : 0;
        long jvmMillis = mx ? System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime() : 0;

        StringBuilder json = new StringBuilder("{");
        json.append("\"initMs\":").append(initNanos / 1e6)
                .append(",\"primeMs\":").append(primeNanos / 1e6)
                .append(",\"invokeMs\":").append(invokeNanos / 1e6)
                .append(",\"mainToEndMs\":").append((System.nanoTime() - start) / 1e6)
                .append(",\"jvmStartToEndMs\":").append(jvmMillis)
                .append(",\"classes\":").append(classes)
                .append(",\"peakHeapBytes\":").append(peakHeap)
                .append(",\"status\":").append(status(response));

        int calls = Integer.parseInt(options.getOrDefault("calls", "0"));
        if (calls > 0) {
            int warmup = Integer.parseInt(options.getOrDefault("warmup", "200"));
            Class<?> meter = Class.forName("app.integreat.crm.bench.Meter", true, loader);
            Method reset = meter.getMethod("reset");
            Method emulatorNanos = meter.getMethod("emulatorNanos");
            long[] total = new long[calls];
            long[] outside = new long[calls];
            for (int i = 0; i < warmup + calls; i++) {
                reset.invoke(null);
                long callStart = System.nanoTime();
                invoke(handler, handle, in, out, event, context);
                long took = System.nanoTime() - callStart;
                if (i >= warmup) {
                    total[i - warmup] = took;
                    outside[i - warmup] = took - (long) emulatorNanos.invoke(null);
                }
            }
            Arrays.sort(total);
            Arrays.sort(outside);
            json.append(",\"warmMedianMs\":").append(total[calls / 2] / 1e6)
                    .append(",\"warmP99Ms\":").append(total[(int) Math.ceil(calls * 0.99) - 1] / 1e6)
                    .append(",\"outsideMedianMs\":").append(outside[calls / 2] / 1e6)
                    .append(",\"outsideP99Ms\":").append(outside[(int) Math.ceil(calls * 0.99) - 1] / 1e6);
        }
        System.out.println("BENCH-RESULT " + json.append('}'));
        System.exit(0);
    }

    /** The handler's handleRequest(X, Context) for its concrete input type (not the bridge), or (in, out, Context). */
    private static Method handleMethod(Class<?> handlerClass) {
        for (Method method : handlerClass.getMethods()) {
            if (method.getName().equals("handleRequest") && (method.getParameterCount() == 2 || method.getParameterCount() == 3)
                    && !method.isBridge()) {
                return method;
            }
        }
        throw new IllegalArgumentException(handlerClass + " has no handleRequest(input, Context)");
    }

    @SuppressWarnings("unchecked")
    private static PojoSerializer<Object> serializer(Class<?> type, ClassLoader loader) {
        if (LambdaEventSerializers.isLambdaSupportedEvent(type.getName())) {
            return (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(type, loader);
        }
        return (PojoSerializer<Object>) JacksonFactory.getInstance().getSerializer(type);
    }

    private static Object invoke(Object handler, Method handle, PojoSerializer<Object> in, PojoSerializer<Object> out,
                                 byte[] event, Object context) throws Exception {
        if (handle.getParameterCount() == 3) {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            handle.invoke(handler, new ByteArrayInputStream(event), output, context);
            return output.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
        Object input = in.fromJson(new ByteArrayInputStream(event));
        Object response = handle.invoke(handler, input, context);
        if (out != null && response != null) {
            out.toJson(response, new ByteArrayOutputStream());
        }
        return response;
    }

    private static String status(Object response) {
        if (response == null) {
            return "null";
        }
        if (response instanceof String answer) {
            // the inbound function's answer: how the mail ended
            java.util.regex.Matcher result = java.util.regex.Pattern.compile("\"result\":\"([A-Z]+)\"").matcher(answer);
            return "\"" + (result.find() ? result.group(1) : "answered") + "\"";
        }
        try {
            return String.valueOf(response.getClass().getMethod("getStatusCode").invoke(response));
        } catch (ReflectiveOperationException e) {
            return "\"" + response.getClass().getSimpleName() + "\"";
        }
    }

    private static void resetPeakHeap() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** The sum of the heap pools' peaks since the last reset (what the invocation needed at most). */
    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
