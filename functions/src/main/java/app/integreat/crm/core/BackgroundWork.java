package app.integreat.crm.core;

import app.integreat.crm.model.Job;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Work too large for one request, done on the work queue a bounded step at a time (docs/background-work.md).
 * Every kind of job is registered here once (Services wires them): a {@link Step} does a fixed amount of
 * work and says where to go on; the next step is enqueued as a new message, so any backlog completes and
 * no invocation runs long. Steps must be idempotent: SQS delivers at least once, and a step may run again
 * after a failure half-way.
 */
public final class BackgroundWork {

    /** One bounded step of a job: returns the cursor to continue at, or null when the job is done. */
    @FunctionalInterface
    public interface Step {
        String run(String id, String cursor);
    }

    /** Where jobs wait: the SQS queue of the template (SqsWorkQueue), or whatever a test gives. */
    @FunctionalInterface
    public interface Queue {
        void send(Job job);
    }

    private final Queue queue;
    private final Map<String, Step> steps = new LinkedHashMap<>();

    public BackgroundWork(Queue queue) {
        this.queue = queue;
    }

    /** Registers a kind of job; a kind is registered once. */
    public BackgroundWork register(String kind, Step step) {
        if (steps.putIfAbsent(kind, step) != null) {
            throw new IllegalStateException("the job kind " + kind + " is registered twice");
        }
        return this;
    }

    public Set<String> kinds() {
        return steps.keySet();
    }

    /** Enqueues a job's first step. */
    public void start(String kind, String id) {
        if (!steps.containsKey(kind)) {
            throw new IllegalArgumentException("no job kind " + kind);
        }
        queue.send(Job.start(kind, id));
    }

    /**
     * Runs one step of a job from the queue and enqueues its continuation, if any. An unknown kind fails
     * (the message is retried and ends in the dead-letter queue, whose alarm says so) rather than being dropped.
     * Returns whether the job continues.
     */
    public boolean run(Job job) {
        Step step = steps.get(job.kind());
        if (step == null) {
            throw new IllegalArgumentException("no job kind " + job.kind());
        }
        String next = step.run(job.id(), job.cursor());
        if (next == null) {
            return false;
        }
        queue.send(job.continueAt(next));
        return true;
    }
}
