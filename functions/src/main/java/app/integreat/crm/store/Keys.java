package app.integreat.crm.store;

import app.integreat.crm.model.AccountType;

/**
 * Every key format of the single table, in one place. Items have generic key attributes
 * (pk, sk, gsi1pk, gsi1sk, gsi2pk, gsi2sk); docs/data-model.md lists the access patterns.
 */
final class Keys {
    static final String PK = "pk";
    static final String SK = "sk";
    static final String GSI1 = "gsi1";
    static final String GSI1_PK = "gsi1pk";
    static final String GSI1_SK = "gsi1sk";
    static final String GSI2 = "gsi2";
    static final String GSI2_PK = "gsi2pk";
    static final String GSI2_SK = "gsi2sk";
    /** Index gsi9: the one search partition shared by every kind of record (see NameIndex). */
    static final String GSI9 = "gsi9";
    static final String GSI9_PK = "gsi9pk";
    static final String GSI9_SK = "gsi9sk";
    static final String SEARCH = "SEARCH";

    /** Index n (1 to 8): its name and key attributes ("gsi3", "gsi3pk", "gsi3sk"). */
    static String gsi(int n) {
        return "gsi" + n;
    }

    static String gsiPk(int n) {
        return gsi(n) + "pk";
    }

    static String gsiSk(int n) {
        return gsi(n) + "sk";
    }

    /** Sort keys of an account's item collection below this bound make up the detail page. */
    static final String DETAIL_UPPER_BOUND = "D";

    /** The one settings item's pk and sk, and the never-logged counter beside it. */
    static final String SETTINGS = "SETTINGS";
    static final String NEVER_LOGGED_SK = "NEVERLOGGED";
    /** The retention run's position in the raw mails (an S3 key). */
    static final String RAW_MAIL_CURSOR_SK = "RAWMAILCURSOR";
    /** The retention run's pass that brings stored expiries to changed settings. */
    static final String RESTAMP_SK = "RESTAMP";

    private Keys() {
    }

    static String member(String id) {
        return "MEMBER#" + id;
    }

    static final String MEMBER_SK = "MEMBER";
    static final String MEMBERS = "MEMBERS";

    /** The sign-in item: a copy of the member under its email, so a request resolves its caller in one GetItem. */
    static String login(String email) {
        return "LOGIN#" + email;
    }

    static final String LOGIN_SK = "LOGIN";

    static String account(String id) {
        return "ACCOUNT#" + id;
    }

    static final String ACCOUNT_SK = "ACCOUNT";
    /** The account's notes; sorts right after ACCOUNT, inside the detail range. */
    static final String ACCOUNT_NOTES_SK = "ACCOUNTNOTES";
    static final String ACCOUNTS = "ACCOUNTS";

    static String accountsOfType(AccountType type) {
        return "ACCOUNTS#" + type.name();
    }

    /** Word-prefix search partitions (see NameIndex). */
    static final String ACCOUNT_NAMES = "ACCOUNTNAMES";

    static String accountNamesOfType(AccountType type) {
        return "ACCOUNTNAMES#" + type.name();
    }

    static final String CONTACT_NAMES = "CONTACTNAMES";

    static String contactNamesOfAccount(String accountId) {
        return "ACCOUNT#" + accountId + "#CONTACTNAMES";
    }

    static String contact(String id) {
        return "CONTACT#" + id;
    }

    static final String CONTACT_SK = "CONTACT";

    // ---- merges (docs/data-model.md, "Merges")

    /** A merge's journal: the journal item (sk MERGE) and one item per record it moved (sk MOVED#<id>). */
    static String merge(String mergeId) {
        return "MERGE#" + mergeId;
    }

    static final String MERGE_SK = "MERGE";
    static final String MOVED_PREFIX = "MOVED#";

    /**
     * In a merged-away record's partition: where it went (the 301). It sorts after every timeline line ("~" after
     * the digits of a date), so that the record's timeline Query, newest first, reads it first.
     */
    static final String MERGED_SK = "TL#~MERGED";

    /** In both records' partitions: the merges they took part in (an erasure finds the journals by it). */
    static String mergePointerSk(String mergeId) {
        return "MERGE#" + mergeId;
    }

    static final String MERGE_POINTER_PREFIX = "MERGE#";
    static final String CONTACT_NOTES_SK = "CONTACTNOTES";
    static final String CONTACTS = "CONTACTS";

    /** The contact's copy inside its account's item collection (sk) ... */
    static String accountContactSk(String contactId) {
        return "CONTACT#" + contactId;
    }

    /** ... and the name-sorted list of an account's contacts on gsi2. */
    static String contactsOfAccount(String accountId) {
        return "ACCOUNT#" + accountId + "#CONTACTS";
    }

    /** The uniqueness item of an email address, holding a copy of the contact it belongs to. */
    static String email(String email) {
        return "EMAIL#" + email;
    }

    static final String EMAIL_SK = "EMAIL";

    /** Name-sorted index keys end in the id, so equal names stay distinct and ordered by creation. */
    static String byName(String searchName, String id) {
        return searchName + "#" + id;
    }

    static String task(String id) {
        return "TASK#" + id;
    }

    static final String TASK_SK = "TASK";
    /** The task's copy that lists it whatever its status. */
    static final String TASK_ANY_SK = "ANY";

    /** Tasks of an assignee in a status slot (OPEN, DONE or ANY), on gsi1, sorted by {@code <dueDate>#<id>}. */
    static String tasksOfAssignee(String memberId, String statusSlot) {
        return "TASKS#" + memberId + "#" + statusSlot;
    }

    /** All tasks in a status slot, on gsi2. */
    static String tasksOfStatus(String statusSlot) {
        return "TASKS#" + statusSlot;
    }

    /** An account's tasks in a status slot (ANY on gsi1, OPEN/DONE on gsi2). */
    static String tasksOfAccount(String accountId, String statusSlot) {
        return "ACCOUNT#" + accountId + "#TASKS#" + statusSlot;
    }

    /** An account's tasks of one assignee in a status slot (ANY on gsi3, OPEN/DONE on gsi4). */
    static String tasksOfAccountAndAssignee(String accountId, String memberId, String statusSlot) {
        return "ACCOUNT#" + accountId + "#TASKS#" + memberId + "#" + statusSlot;
    }

    /** The task's copy in its account's collection; "TASK#" sorts after the detail range ("D"). */
    static String accountTaskSk(String taskId) {
        return "TASK#" + taskId;
    }

    /** The reminder marker of a member and Berlin date: one digest per member and day. */
    static String reminder(String memberId) {
        return "REMINDER#" + memberId;
    }

    static String interaction(String id) {
        return "INTERACTION#" + id;
    }

    static final String INTERACTION_SK = "INTERACTION";
    /** The full body of an interaction, next to it (sorts right after INTERACTION). */
    static final String INTERACTION_BODY_SK = "INTERACTIONBODY";
    /** The sanitised HTML body of a received mail, next to it. */
    static final String INTERACTION_HTML_SK = "INTERACTIONHTML";

    /** A conversation (by its first message's id, hashed): one item per interaction in it (sk). */
    static String thread(String threadKey) {
        return "THREAD#" + threadKey;
    }

    /** The unresolved inbox (gsi1): interactions that wait for a contact, newest first. */
    static final String UNRESOLVED = "UNRESOLVED";
    /** Logged interactions of the whole team (gsi2), newest first by occurredAt. */
    static final String INTERACTIONS = "INTERACTIONS";

    /** An address that matched no contact, pointing at the interactions that wait for it (sk). */
    static String waiting(String email) {
        return "WAITING#" + email;
    }

    static String quarantine(String id) {
        return "QUARANTINE#" + id;
    }

    static final String QUARANTINE_SK = "QUARANTINE";
    static final String QUARANTINE = "QUARANTINE";

    /** A mail in a member's name waiting for the member's confirmation (gsi1: the member's list; gsi2: by age). */
    static String held(String id) {
        return "HELD#" + id;
    }

    static final String HELD_SK = "HELD";
    static final String HELD = "HELD";

    /** A member's confirmed second address (alias), pointing at the member: unique across the team. */
    static String alias(String email) {
        return "ALIAS#" + email;
    }

    static final String ALIAS_SK = "ALIAS";

    /** A member's request to add an alias, by the SHA-256 of the token its confirmation link carries. */
    static String aliasRequest(String tokenHash) {
        return "ALIASREQUEST#" + tokenHash;
    }

    static final String ALIAS_REQUEST_SK = "ALIASREQUEST";

    static String heldOf(String memberId) {
        return "HELD#MEMBER#" + memberId;
    }

    /**
     * Idempotency markers of inbound mail: one per SES delivery and one per Message-ID and sender
     * (hashed, because a Message-ID may be long), written with the mail's record in one transaction.
     */
    static String mailSeen(String marker) {
        return "MAILSEEN#" + marker;
    }

    static final String MAIL_SEEN_SK = "MAILSEEN";

    /** Which accounts claim an email domain (sk: the account), for linking mail from unknown addresses. */
    static String domain(String domain) {
        return "DOMAIN#" + domain;
    }

    /** Timeline copies in an account's or contact's item collection, newest first by their sort key. */
    static final String TIMELINE_PREFIX = "TL#";

    /** Fixed width (always milliseconds, UTC), so that the text order of sort keys is the time order. */
    static final java.time.format.DateTimeFormatter SORTABLE_INSTANT =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    static String timelineSk(java.time.Instant at, String refId) {
        return TIMELINE_PREFIX + SORTABLE_INSTANT.format(at) + "#" + refId;
    }

    // ---- calendar feeds (docs/data-model.md, "Calendar feed")

    /** A feed token's item, by the SHA-256 of the token: the table never holds the token itself. */
    static String calendarFeed(String tokenHash) {
        return "CALFEED#" + tokenHash;
    }

    static final String CALENDAR_FEED_SK = "CALFEED";
    /** The member's current feed (which hash to delete on rotation), in the member's collection. */
    static final String MEMBER_CALENDAR_SK = "CALENDAR";

    // ---- follow-ups of mails without answer (docs/data-model.md, "Follow-ups")

    /** The follow-up of an outbound mail, in the interaction's collection (its GET reads it in the same Query). */
    static final String FOLLOW_UP_SK = "INTERACTIONFOLLOWUP";
    /** Armed follow-ups on gsi1, sorted by {@code <dueDate>#<interactionId>}: the reminder run's due ones are one key range. */
    static final String FOLLOW_UPS_ARMED = "FOLLOWUPS#ARMED";

    /** Who an armed follow-up waits for: a contact, an account or an unknown address (kind CONTACT, ACCOUNT, EMAIL). */
    static String awaitingReply(String kind, String id) {
        return "AWAITREPLY#" + kind + "#" + id;
    }

    static String awaitingReplySk(String interactionId) {
        return "FOLLOWUP#" + interactionId;
    }

    // ---- opportunities (docs/data-model.md, "Opportunities")

    static String opportunity(String id) {
        return "OPPORTUNITY#" + id;
    }

    static final String OPPORTUNITY_SK = "OPPORTUNITY";
    /** Notes: sorts right after OPPORTUNITY, so the record with them is one Query. */
    static final String OPPORTUNITY_DETAILS_SK = "OPPORTUNITYDETAILS";

    /**
     * Stage change n of an opportunity, zero-padded so that text order is change order; "HISTORY#"
     * sorts before "OPPORTUNITY", so a backwards Query of the collection reads details, record and
     * then the latest changes.
     */
    static final String OPPORTUNITY_HISTORY_PREFIX = "HISTORY#";

    static String opportunityHistorySk(int n) {
        return OPPORTUNITY_HISTORY_PREFIX + String.format("%06d", n);
    }

    /** The opportunity's copy in each linked account's collection; inside the detail range (< "D"). */
    static final String ACCOUNT_OPPORTUNITY_PREFIX = "ACCOUNTOPP#";

    static String accountOpportunitySk(String opportunityId) {
        return ACCOUNT_OPPORTUNITY_PREFIX + opportunityId;
    }

    /** All opportunities on gsi1 (and each owner's on gsi2), sorted as the board shows them. */
    static final String PIPELINE = "PIPELINE";

    static String opportunitiesOfOwner(String ownerId) {
        return opportunityList(null, null, ownerId, null);
    }

    /**
     * The list partition of one filter combination of GET /opportunities ({@code null} = any): the
     * record sits in the eight combinations of type, owner and stage without an account, each
     * account copy in the eight with its account, so every combination is one key condition.
     */
    static String opportunityList(String accountId, String type, String ownerId, String stage) {
        StringBuilder key = new StringBuilder(PIPELINE);
        if (accountId != null) {
            key.append("#ACCOUNT#").append(accountId);
        }
        if (type != null) {
            key.append("#TYPE#").append(type);
        }
        if (ownerId != null) {
            key.append("#OWNER#").append(ownerId);
        }
        if (stage != null) {
            key.append("#STAGE#").append(stage);
        }
        return key.toString();
    }

    /**
     * The index that holds a combination: gsi1 none (the board's), gsi2 owner, gsi3 type, gsi4 type
     * and owner, gsi5 to gsi8 the same four with the stage.
     */
    static int opportunityListIndex(boolean type, boolean owner, boolean stage) {
        return (stage ? 5 : 1) + (type ? 2 : 0) + (owner ? 1 : 0);
    }

    static final String OPEN_STAGES_PREFIX = "O#";
    static final String CLOSED_STAGES_PREFIX = "C#";

    /**
     * Open opportunities sort by stage order ("O#03#id"), closed ones by when they closed
     * ("C#2026-05-01T...#id"). "C" < "O", so {@code sk >= "C#<cutoff>"} is the board: the closed
     * ones since the cutoff and every open one, in one key range.
     */
    static String pipelineSk(int stageOrder, java.time.Instant closedAt, String id) {
        return closedAt == null
                ? openStageSk(stageOrder) + id
                : CLOSED_STAGES_PREFIX + SORTABLE_INSTANT.format(closedAt) + "#" + id;
    }

    static String openStageSk(int stageOrder) {
        return OPEN_STAGES_PREFIX + String.format("%02d", stageOrder) + "#";
    }

    static String closedSince(java.time.Instant cutoff) {
        return CLOSED_STAGES_PREFIX + SORTABLE_INSTANT.format(cutoff);
    }

    /** The opportunity's snooze, in its collection: sorts after OPPORTUNITYDETAILS, so the record's Query reads it. */
    static final String SNOOZE_SK = "OPPORTUNITYSNOOZE";
    /** Snoozes on gsi1 by {@code <until>#<opportunityId>}: the reminder run's due ones are one key range. */
    static final String SNOOZES = "SNOOZES";

    /** At most one open opportunity per municipality and type: this item exists while one is open. */
    static String openOpportunityLock(String accountId, String type) {
        return "OPENOPP#" + accountId + "#" + type;
    }

    static final String OPEN_OPPORTUNITY_LOCK_SK = "OPENOPP";

    /** The import's lookup item of a Salesforce record (18-character id): which CRM record it became. */
    static String salesforce(String salesforceId) {
        return "SF#" + salesforceId;
    }

    static final String SALESFORCE_SK = "SF";

    /** A file in its record's collection: after the detail range ("D"), before tasks and the timeline. */
    static final String FILE_PREFIX = "FILE#";
    // ---- reports (docs/data-model.md, "Reports")

    /** The pipeline report's counters, one partition: a few items per month, whatever the table holds. */
    static final String PIPELINE_REPORT = "REPORT#PIPELINE";
    static final String REPORT_MONTH_PREFIX = "MONTH#";

    /** "MONTH#2026-05#STANDARD", or "OPEN#STANDARD" for the open counts; "MONTH#" < "OPEN#". */
    static String reportSlotSk(String month, String type) {
        return month.equals("OPEN") ? "OPEN#" + type : REPORT_MONTH_PREFIX + month + "#" + type;
    }

    // ---- privacy (docs/data-model.md, "Privacy: export, erasure, audit log")

    /** The audit log: one partition, entries by time-sortable id; append-only. */
    static final String AUDIT = "AUDIT";
    static final String AUDIT_ENTRY_PREFIX = "ENTRY#";

    /** What an erasure leaves so the importer never brings the person back: the SHA-256 of a Salesforce id. */
    static String erased(String salesforceIdHash) {
        return "ERASED#" + salesforceIdHash;
    }

    static final String ERASED_SK = "ERASED";
}
