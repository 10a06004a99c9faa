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
    /** A mail's Message-ID as kept on its interaction (RFC 5322's line length); the marker hashes all of it. */
    public static final int MESSAGE_ID = 998;
    /** Largest request body accepted, in bytes. */
    public static final int BODY_BYTES = 64 * 1024;

    private Limits() {
    }
}
