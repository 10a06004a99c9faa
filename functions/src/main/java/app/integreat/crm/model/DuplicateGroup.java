package app.integreat.crm.model;

import java.util.List;

/**
 * Records that share a duplicate candidate key ({@link DuplicateKey}): at least two.
 * {@code records} holds at most the first 20 of them.
 */
public record DuplicateGroup(String reason, String key, List<Member> records) {

    /** A record as the key item keeps it: enough to name it in the list. */
    public record Member(String id, String name, String accountId, String type) {
    }
}
