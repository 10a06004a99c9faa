package app.integreat.crm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.model.Job;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The job registry: a step's cursor becomes the next message, a finished job enqueues nothing, unknown kinds fail. */
class BackgroundWorkStepsTest {
    private final List<Job> queue = new ArrayList<>();
    private final BackgroundWork work = new BackgroundWork(queue::add)
            .register("COUNT_TO_THREE", (id, cursor) -> {
                int at = cursor == null ? 0 : Integer.parseInt(cursor);
                return at + 1 < 3 ? String.valueOf(at + 1) : null;
            });

    @Test
    void aJobRunsStepByStepUntilItsStepSaysDone() {
        work.start("COUNT_TO_THREE", "01JDZ6Q4Z8X9V2M3N4P5R6S7T8");
        assertEquals(List.of(Job.start("COUNT_TO_THREE", "01JDZ6Q4Z8X9V2M3N4P5R6S7T8")), queue);
        List<String> cursors = new ArrayList<>();
        while (!queue.isEmpty()) {
            Job job = queue.remove(0);
            cursors.add(job.cursor());
            work.run(job);
        }
        assertEquals(java.util.Arrays.asList(null, "1", "2"), cursors);
        // a repeated last step is done again, and continues nothing
        assertFalse(work.run(new Job("COUNT_TO_THREE", "01JDZ6Q4Z8X9V2M3N4P5R6S7T8", "2")));
        assertTrue(queue.isEmpty());
    }

    @Test
    void unknownKindsAndKindsRegisteredTwiceAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> work.start("NO_SUCH_KIND", "x"));
        assertThrows(IllegalArgumentException.class, () -> work.run(Job.start("NO_SUCH_KIND", "x")));
        assertThrows(IllegalStateException.class, () -> work.register("COUNT_TO_THREE", (id, cursor) -> null));
        assertThrows(IllegalArgumentException.class, () -> Job.start("", "x"));
        assertThrows(IllegalArgumentException.class, () -> new Job("K", "x", "c".repeat(Job.MAX_CURSOR + 1)));
        assertTrue(queue.isEmpty());
    }
}
