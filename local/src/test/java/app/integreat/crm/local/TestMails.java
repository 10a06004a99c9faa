package app.integreat.crm.local;

import java.util.ArrayList;
import java.util.List;

/** Raw RFC 5322 messages for tests, written the way mail clients write them (CRLF line ends). */
final class TestMails {
    private final List<String> headers = new ArrayList<>();
    private String body = "";

    static TestMails mail() {
        return new TestMails();
    }

    TestMails header(String name, String value) {
        headers.add(name + ": " + value);
        return this;
    }

    TestMails from(String value) {
        return header("From", value);
    }

    TestMails to(String value) {
        return header("To", value);
    }

    TestMails cc(String value) {
        return header("Cc", value);
    }

    TestMails subject(String value) {
        return header("Subject", value);
    }

    TestMails date(String value) {
        return header("Date", value);
    }

    TestMails messageId(String value) {
        return header("Message-ID", "<" + value + ">");
    }

    /** A UTF-8 text/plain body, sent as 8bit. */
    TestMails text(String text) {
        header("MIME-Version", "1.0");
        header("Content-Type", "text/plain; charset=UTF-8");
        header("Content-Transfer-Encoding", "8bit");
        this.body = text;
        return this;
    }

    /** A body with its own MIME headers already in the header list (multipart and the like). */
    TestMails rawBody(String body) {
        this.body = body;
        return this;
    }

    String build() {
        StringBuilder out = new StringBuilder();
        for (String header : headers) {
            out.append(header).append("\r\n");
        }
        out.append("\r\n").append(body.replace("\r\n", "\n").replace("\n", "\r\n"));
        return out.toString();
    }
}
