package app.integreat.crm.core;

/** Field length limits (documented in docs/api.md); they keep every item far below DynamoDB's 400 KB. */
public final class Limits {
    public static final int NAME = 200;
    public static final int SHORT_TEXT = 200;
    public static final int PHONE = 50;
    public static final int URL = 500;
    public static final int POSTAL_CODE = 20;
    public static final int NOTES = 10_000;
    public static final int EMAILS_PER_CONTACT = 10;
    public static final int PHONES_PER_CONTACT = 10;
    public static final int DOMAINS_PER_ACCOUNT = 10;
    public static final int DOMAIN = 253;
    /** Subjects, outcomes and next steps of interactions. */
    public static final int SUBJECT = 500;
    /** Records one interaction may be logged on by hand. */
    public static final int LINKS_PER_INTERACTION = 20;
    /** Email bodies are cut to this many UTF-8 bytes in the table; the raw mail keeps all. */
    public static final int MAIL_BODY_BYTES = 200_000;
    /** Attachments kept per mail (those of attached messages count too); later ones are listed as not kept. */
    public static final int ATTACHMENTS_KEPT = 50;
    /** Attachments listed per mail: beyond these the raw mail alone has them (the item stays small). */
    public static final int ATTACHMENTS_LISTED = 100;
    /** Largest attachment kept, in bytes (decoded). */
    public static final long ATTACHMENT_BYTES = 25L * 1024 * 1024;
    /** All attachments of one mail together, in bytes: SES takes mails up to 40 MB. */
    public static final long MAIL_ATTACHMENT_BYTES = 40L * 1024 * 1024;
    /** The sanitised HTML body is kept in its own item up to this many UTF-8 bytes; a larger one shows as text. */
    public static final int MAIL_HTML_BYTES = 300_000;
    /** The forwarder's own note above a forwarded message, in characters. */
    public static final int FORWARD_NOTE = 10_000;
    /** Characters of a mail's text kept on the record for lists (the unresolved inbox). */
    public static final int PREVIEW = 300;
    /** Other interactions of a conversation shown with a mail (each costs two actions in its transaction). */
    public static final int THREAD = app.integreat.crm.store.InteractionStore.THREAD_COPIES;
    /** A mail's Message-ID as kept on its interaction (RFC 5322's line length); the marker hashes all of it. */
    public static final int MESSAGE_ID = 998;
    /** Largest request body accepted, in bytes. */
    public static final int BODY_BYTES = 64 * 1024;

    private Limits() {
    }
}
