package app.integreat.crm.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The journal of one merge: both records as they were (contacts, or for kind ACCOUNT the accounts, the other pair null), who merged them and when, the kept record's version the
 * merge left (an undo is refused when it changed since), where the merge and its undo are, and what moved.
 */
public record Merge(String id, String kind, String keptId, String fromId, Contact keptBefore, Contact fromBefore,
                    Account keptAccountBefore, Account fromAccountBefore, long keptVersion, String mergedBy, Instant mergedAt, Stage stage, UndoStage undoStage,
                    Instant undoneAt, Map<String, Long> moved) {
    /** A merge can be undone this long; its journal expires then (the redirect stays). */
    public static final Duration UNDOABLE = Duration.ofDays(30);

    /** Where the merge is: each step moves it on. */
    public enum Stage { STARTED, MOVING, DONE }

    /** Where its undo is (null: not undone). */
    public enum UndoStage { RESTORING, MOVING_BACK, UNDONE }

    /** Where a merged-away record went. */
    public record Redirect(String keptId, String mergeId) {
    }

    public static final String CONTACT = "CONTACT";
    public static final String ACCOUNT = "ACCOUNT";

    public boolean ofAccounts() {
        return ACCOUNT.equals(kind);
    }

    public Instant undoableUntil() {
        return mergedAt.plus(UNDOABLE);
    }
}
