package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.json.Json;
import app.integreat.crm.local.TestCrm.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every raw mail of the corpus against the outcome written down for it in
 * testdata/corpus/inbound-expectations.json (derived from each mail by hand; see its "meta"): as
 * received from its own sender (quarantined, with which reason, sender and subject), as a member's BCC
 * (logged or unresolved, with its counterparts, subject and number of attachments; held for the member
 * when its DMARC verdict is GRAY) and forwarded by a
 * member as an attachment (the original's sender and recipients as counterparts). Every field is
 * compared; a change that stopped logging, lost a recipient or an attachment fails here.
 */
class CorpusOutcomesTest {
    static final Path EXPECTATIONS = InboundCorpusTest.CORPUS.resolve("inbound-expectations.json");

    @Test
    @SuppressWarnings("unchecked")
    void everyCorpusMailEndsAsWrittenDown() throws IOException {
        Map<String, Object> json = Json.object(Files.readString(EXPECTATIONS));
        Map<String, Object> setup = (Map<String, Object>) json.get("setup");
        List<Map<String, Object>> mails = (List<Map<String, Object>>) json.get("mails");
        Map<String, Object> excluded = (Map<String, Object>) json.get("excluded");

        // every message of the walk is either written down or excluded with a reason, and nothing else
        List<String> walked = messages();
        TreeSet<String> written = new TreeSet<>();
        mails.forEach(mail -> assertTrue(written.add((String) mail.get("file")), "twice: " + mail.get("file")));
        TreeSet<String> accounted = new TreeSet<>(written);
        accounted.addAll(excluded.keySet());
        assertEquals(new TreeSet<>(walked), accounted, "the walk and the expectations file name the same mails");
        assertEquals(136, walked.size(), "messages in the corpus walk");
        assertEquals(136 - excluded.size(), mails.size(), "mails compared");
        excluded.values().forEach(reason -> assertTrue(reason instanceof String text && text.length() > 20, "a reason: " + reason));

        TestCrm crm = new TestCrm();
        String member = (String) setup.get("member");
        crm.member(member, "MEMBER");
        Reply account = crm.admin().post("/accounts", Map.of("name", "Beispiel GmbH", "type", "PARTNER",
                "emailDomains", List.of(setup.get("accountDomain"))));
        assertEquals(201, account.status(), account::toString);
        Reply contact = crm.admin().post("/contacts", Map.of("lastName", "Korpus", "emails", List.of(setup.get("contactEmail"))));
        assertEquals(201, contact.status(), contact::toString);

        List<String> mismatches = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, Map<String, Object>> quarantinedIds = new HashMap<>();
        Map<String, Map<String, Object>> quarantinedByMember = new HashMap<>();
        for (Map<String, Object> mail : mails) {
            String file = (String) mail.get("file");
            byte[] raw = Files.readAllBytes(InboundCorpusTest.CORPUS.resolve(file));

            Map<String, Object> received = crm.inbound().deliver(raw, "bounce@example.net", List.of(crm.inboundAddress()),
                    LocalInbound.Verdicts.PASS);
            check(mismatches, file + " as received: result", "QUARANTINED", received.get("result"));
            quarantinedIds.put((String) received.get("id"), mail);
            counts.merge("received " + received.get("result"), 1, Integer::sum);

            Map<String, Object> bcc = crm.inbound().deliver(InboundCorpusTest.sentBy(member, raw), member,
                    List.of(crm.inboundAddress()), LocalInbound.Verdicts.PASS);
            counts.merge("sent by a member " + bcc.get("result"), 1, Integer::sum);
            if ("QUARANTINED".equals(bcc.get("result"))) {
                // a machine's mail (a bounce, a report, list mail) is quarantined even in a member's name
                quarantinedByMember.put((String) bcc.get("id"), mail);
            }
            // the same without DMARC PASS (GRAY: the sender's domain has no DMARC record): held for the member,
            // but a machine's mail is quarantined before anybody is asked
            Map<String, Object> unverified = crm.inbound().deliver(InboundCorpusTest.sentBy(member, raw), member,
                    List.of(crm.inboundAddress()), new LocalInbound.Verdicts("PASS", "PASS", "GRAY"));
            counts.merge("sent by a member, DMARC GRAY " + unverified.get("result"), 1, Integer::sum);
            check(mismatches, file + " sent by a member, DMARC GRAY: result",
                    "QUARANTINED".equals(mail.get("sentByMember")) ? "QUARANTINED" : "HELD", unverified.get("result"));
            if ("QUARANTINED".equals(unverified.get("result"))) {
                quarantinedByMember.put((String) unverified.get("id"), mail);
            }
            checkInteraction(crm, mismatches, file + " sent by a member", bcc, (String) mail.get("sentByMember"),
                    (List<String>) mail.get("counterparts"), (String) mail.get("subject"), ((Number) mail.get("attachments")).intValue());

            Map<String, Object> forwarded = crm.inbound().deliver(InboundCorpusTest.forwardAsAttachment(member, crm.inboundAddress(), raw),
                    member, List.of(crm.inboundAddress()), LocalInbound.Verdicts.PASS);
            counts.merge("forwarded " + forwarded.get("result"), 1, Integer::sum);
            Map<String, Object> forward = (Map<String, Object>) mail.get("forwarded");
            checkInteraction(crm, mismatches, file + " forwarded", forwarded, (String) forward.get("result"),
                    (List<String>) forward.get("counterparts"), (String) mail.get("forwardedSubject"),
                    ((Number) forward.getOrDefault("attachments", 0)).intValue());
        }

        // the quarantine: reason, sender and subject of each mail as received
        String cursor = null;
        int listed = 0;
        do {
            Reply page = crm.admin().get("/quarantine?limit=200" + (cursor == null ? "" : "&cursor=" + cursor));
            for (Map<String, Object> entry : page.items()) {
                Map<String, Object> byMember = quarantinedByMember.get((String) entry.get("id"));
                if (byMember != null) {
                    listed++;
                    check(mismatches, byMember.get("file") + " sent by a member: reason", byMember.get("sentByMemberReason"),
                            entry.get("reason"));
                    continue;
                }
                Map<String, Object> mail = quarantinedIds.get((String) entry.get("id"));
                if (mail == null) {
                    mismatches.add("quarantined, but not as received: " + entry);
                    continue;
                }
                listed++;
                String file = (String) mail.get("file");
                check(mismatches, file + " as received: reason", mail.get("received"), entry.get("reason"));
                check(mismatches, file + " as received: from", mail.get("from"), entry.get("from"));
                check(mismatches, file + " as received: subject", mail.get("receivedSubject"), entry.get("subject"));
            }
            cursor = (String) page.json().get("nextCursor");
        } while (cursor != null);
        check(mismatches, "quarantined mails listed", mails.size() + quarantinedByMember.size(), listed);

        assertEquals(List.of(), mismatches, () -> mismatches.size() + " mismatches:\n" + String.join("\n", mismatches));
        assertEquals(json.get("counts"), new LinkedHashMap<>(counts), "how the corpus ends");
    }

    /**
     * The messages of the four raw-mail folders: .eml and .msg files, and .txt files that begin with a
     * header field, after a UTF-8 byte-order mark if there is one (mimekit's feedback-report.txt). Every
     * other file is counted by what it is, so that a message cannot drop out of the walk unnoticed.
     */
    static List<String> messages() throws IOException {
        List<String> messages = new ArrayList<>();
        Map<String, Integer> others = new TreeMap<>();
        for (String folder : InboundCorpusTest.FOLDERS) {
            try (java.util.stream.Stream<Path> walk = Files.walk(InboundCorpusTest.CORPUS.resolve(folder))) {
                for (Path path : walk.filter(Files::isRegularFile).sorted().toList()) {
                    String name = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
                    if (name.endsWith(".eml") || name.endsWith(".msg") || name.endsWith(".txt") && startsWithAHeaderField(path)) {
                        messages.add(InboundCorpusTest.CORPUS.relativize(path).toString());
                    } else {
                        others.merge(kind(name), 1, Integer::sum);
                    }
                }
            }
        }
        // what is not a message: 5 READMEs, 1 NOTICE, 7 licences (LICENSE, COPYING, MIT-LICENSE, ...), 2 TNEF
        // files with their 2 lists of expected TNEF names (the CRM does not open TNEF: winmail.dat stays one
        // attachment), and the 26 mime4j trees (compared in Mime4jTreesTest)
        assertEquals(Map.of("licence", 7, "notice", 1, "readme", 5, "tnef", 2, "tnef names", 2, "tree", 26),
                others, "files of the corpus folders that are not messages");
        return messages;
    }

    private static String kind(String name) {
        if (name.endsWith(".xml")) {
            return "tree";
        }
        if (name.endsWith(".tnef")) {
            return "tnef";
        }
        if (name.endsWith(".list")) {
            return "tnef names";
        }
        if (name.startsWith("readme")) {
            return "readme";
        }
        if (name.equals("notice")) {
            return "notice";
        }
        return name.contains("license") || name.contains("licence") || name.equals("copying") || name.equals("mit.txt") ? "licence" : name;
    }

    private static boolean startsWithAHeaderField(Path path) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(path)) {
            String head = new String(in.readNBytes(200), java.nio.charset.StandardCharsets.ISO_8859_1);
            return head.matches("(?s)(\u00ef\u00bb\u00bf)?[A-Za-z][A-Za-z0-9-]*:.*");
        }
    }

    @SuppressWarnings("unchecked")
    static void checkInteraction(TestCrm crm, List<String> mismatches, String what, Map<String, Object> outcome, String result,
                                 List<String> counterparts, String subject, int attachments) {
        check(mismatches, what + ": result", result, outcome.get("result"));
        if (!"LOGGED".equals(outcome.get("result")) && !"UNRESOLVED".equals(outcome.get("result"))) {
            return;
        }
        Reply interaction = crm.admin().get("/interactions/" + outcome.get("id"));
        check(mismatches, what + ": unresolved", "UNRESOLVED".equals(result), interaction.json().get("unresolved"));
        List<String> participants = ((List<Map<String, Object>>) interaction.json().get("participants")).stream()
                .map(p -> (String) p.get("email")).toList();
        check(mismatches, what + ": counterparts", counterparts, participants);
        check(mismatches, what + ": subject", subject, interaction.string("subject"));
        check(mismatches, what + ": attachments", attachments, ((List<?>) interaction.json().get("attachments")).size());
    }

    static void check(List<String> mismatches, String what, Object expected, Object actual) {
        Object normalExpected = expected instanceof Number n ? (Object) n.longValue() : expected;
        Object normalActual = actual instanceof Number n ? (Object) n.longValue() : actual;
        if (!Objects.equals(normalExpected, normalActual)) {
            mismatches.add(what + ": expected " + Json.write(expected) + " but was " + Json.write(actual));
        }
    }
}
