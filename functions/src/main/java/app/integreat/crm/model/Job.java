package app.integreat.crm.model;

/**
 * A step of background work as it travels on the work queue: which kind of job, the record it is about
 * (an id, never personal data) and where the previous step stopped (null: at the start). Small by design:
 * a step re-reads what it needs, so a message that waited or came twice is still right.
 */
public record Job(String kind, String id, String cursor) {
    /** Kinds and ids are short tokens; a cursor a little text. SQS takes up to 256 KB, the worker refuses more than this. */
    public static final int MAX_CURSOR = 2_000;

    public Job {
        if (kind == null || kind.isBlank() || id == null || id.isBlank()) {
            throw new IllegalArgumentException("a job needs a kind and an id");
        }
        if (cursor != null && cursor.length() > MAX_CURSOR) {
            throw new IllegalArgumentException("a job's cursor is at most " + MAX_CURSOR + " characters");
        }
    }

    /** The first step of a job. */
    public static Job start(String kind, String id) {
        return new Job(kind, id, null);
    }

    /** The next step of this job, from {@code next}. */
    public Job continueAt(String next) {
        return new Job(kind, id, next);
    }
}
