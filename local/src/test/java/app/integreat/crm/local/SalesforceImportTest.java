package app.integreat.crm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.integreat.crm.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * {@code crm import salesforce} end to end: the command's entry point imports the fixtures of
 * testdata/salesforce into a running local CRM (found through its /dev/emulator route), and the
 * result is checked through the API.
 */
class SalesforceImportTest {
    static final Path FIXTURES = TestCrm.ROOT.resolve("testdata/salesforce");
    static final String MUSTERHAUSEN = "0017QAb00000001QBA";
    static final String ERIKA = "0037QAb00000001QBA";
    static final String STANDARD_OPP = "0067QAb00000001QBA";

    @TempDir
    Path temp;

    TestCrm crm;
    LocalServer server;

    record Run(int exitCode, String out, String err) {
    }

    @BeforeEach
    void startRunner() throws IOException {
        crm = new TestCrm();
        // the bucket the template's mail bucket stands for (attachments and files are kept there, under files/)
        crm.inbound();
        server = new LocalServer(crm.crm, new LocalTokens("http://localhost/i", Clock.systemUTC()), TestCrm.ROOT.resolve("web"), 0);
        server.start();
    }

    @AfterEach
    void stopRunner() {
        server.close();
    }

    Run importing(Object... arguments) {
        List<String> args = new ArrayList<>(List.of("salesforce"));
        for (Object argument : arguments) {
            args.add(argument.toString());
        }
        args.add("--port");
        args.add(String.valueOf(server.port()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ImportCommand.run(new ArrayDeque<>(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        Run run = new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        assertFalse(run.err().contains("\tat app.") || run.err().contains("Exception in thread"), "never a stack trace: " + run.err());
        return run;
    }

    /** Every item of the test's table, in key order: to show that nothing was written. */
    Map<String, Map<String, AttributeValue>> table() {
        Map<String, Map<String, AttributeValue>> items = new TreeMap<>();
        for (var page : crm.crm.dynamo().scanPaginator(ScanRequest.builder().tableName(crm.crm.services().table().name()).build())) {
            for (Map<String, AttributeValue> item : page.items()) {
                Map<String, AttributeValue> copy = new TreeMap<>(item);
                items.put(item.get("pk").s() + " | " + item.get("sk").s(), copy);
            }
        }
        return items;
    }

    /**
     * The table after a second run holds exactly what the first left, but for the run's one new audit entry
     * (each run is audited); the message names only the items that differ.
     */
    static void assertUnchanged(Map<String, Map<String, AttributeValue>> before, Map<String, Map<String, AttributeValue>> after) {
        Map<String, String> changed = new TreeMap<>();
        java.util.Set<String> keys = new java.util.TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        int newRunEntries = 0;
        for (String key : keys) {
            if (java.util.Objects.equals(before.get(key), after.get(key))) {
                continue;
            }
            if (before.get(key) == null && key.startsWith("AUDIT | ") && "IMPORT_RUN".equals(after.get(key).get("action").s())) {
                newRunEntries++;
            } else {
                changed.put(key, before.get(key) + " -> " + after.get(key));
            }
        }
        assertEquals(Map.of(), changed, "the second run changed nothing");
        assertEquals(1, newRunEntries, "the second run is audited once");
    }

    /** The weekly export as Salesforce hands it out: CSVs in the first zip, binaries in the second. */
    List<Path> weeklyZips(Path folder) throws IOException {
        Path first = temp.resolve("WE_00D7QAb00000001QBA_1.ZIP");
        Path second = temp.resolve("WE_00D7QAb00000001QBA_2.ZIP");
        try (ZipOutputStream csvs = new ZipOutputStream(Files.newOutputStream(first));
             ZipOutputStream binaries = new ZipOutputStream(Files.newOutputStream(second));
             Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = folder.relativize(file).toString().replace('\\', '/');
                ZipOutputStream zip = name.endsWith(".csv") ? csvs : binaries;
                zip.putNextEntry(new ZipEntry(name));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
        return List.of(first, second);
    }

    /** A copy of the weekly export to change. */
    Path copyOfWeeklyExport() throws IOException {
        Path copy = temp.resolve("export-" + System.nanoTime());
        try (Stream<Path> files = Files.walk(FIXTURES.resolve("weekly-export"))) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(FIXTURES.resolve("weekly-export").relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return copy;
    }

    static void replace(Path csv, String from, String to) throws IOException {
        String text = Files.readString(csv, StandardCharsets.ISO_8859_1);
        assertTrue(text.contains(from), from + " in " + csv);
        Files.writeString(csv, text.replace(from, to), StandardCharsets.ISO_8859_1);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> json, String field) {
        return (Map<String, Object>) json.get(field);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> counts(Path reportFile, String object) throws IOException {
        Map<String, Object> report = Json.object(Files.readString(reportFile));
        return (Map<String, Object>) object(report, "objects").get(object);
    }

    static long number(Map<String, Object> counts, String field) {
        return ((Number) counts.get(field)).longValue();
    }

    Map<String, Object> contactByEmail(String email) {
        List<Map<String, Object>> items = crm.admin().get("/contacts?email=" + email).items();
        assertEquals(1, items.size(), "contacts with " + email + ": " + items);
        return items.get(0);
    }

    Map<String, Object> accountNamed(String search) {
        List<Map<String, Object>> items = crm.admin().get("/accounts?q=" + search).items();
        assertEquals(1, items.size(), "accounts found by " + search + ": " + items);
        return crm.admin().get("/accounts/" + items.get(0).get("id")).json();
    }

    @Test
    void anErasedPersonIsNotImportedAgainAndEachRunIsAudited() throws IOException {
        assertEquals(0, importing(FIXTURES.resolve("weekly-export")).exitCode());
        String erika = (String) contactByEmail("erika@privat.example").get("id");
        TestCrm.Reply erased = crm.admin().post("/contacts/" + erika + "/erase", Map.of("reason", "Antrag per Post"));
        assertEquals(200, erased.status(), erased::toString);

        Path report = temp.resolve("again.json");
        Run again = importing(FIXTURES.resolve("weekly-export"), "--report", report);
        assertEquals(0, again.exitCode(), again.err() + again.out());
        assertTrue(crm.admin().get("/contacts?email=erika@privat.example").items().isEmpty());
        assertTrue(crm.admin().get("/contacts?email=erika.mustermann@musterhausen.example").items().isEmpty());
        Map<String, Object> contacts = counts(report, "Contact");
        assertEquals(0, number(contacts, "created"), Json.write(contacts));
        assertTrue(Json.write(contacts.get("skips")).contains("Art. 17"), Json.write(contacts));
        for (var item : PrivacyTest.everyItem(crm)) {
            assertFalse(item.toString().toLowerCase(java.util.Locale.ROOT).contains("erika@privat.example"), item::toString);
        }
        List<Map<String, Object>> audit = crm.admin().get("/audit").items();
        assertEquals(List.of("IMPORT_RUN", "CONTACT_ERASED", "IMPORT_RUN"), audit.stream().map(e -> e.get("action")).toList());
    }

    @Test
    void theWeeklyExportZipsComeOverWithHouseholdsAffiliationsAndHistory() throws IOException {
        Path report = temp.resolve("report.json");
        List<Path> zips = weeklyZips(FIXTURES.resolve("weekly-export"));
        Run run = importing(zips.get(0), zips.get(1), "--report", report);
        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertTrue(run.out().contains("Import done"), run.out());

        // organisations only: the household and the deleted account stay behind, each skip with its reason
        Map<String, Object> accounts = counts(report, "Account");
        assertEquals(6, number(accounts, "read"));
        assertEquals(4, number(accounts, "created"));
        assertEquals(2, number(accounts, "skipped"));
        assertTrue(Json.write(accounts.get("skips")).contains("household"), Json.write(accounts));
        assertTrue(crm.admin().get("/accounts?q=haushalt").items().isEmpty());
        assertTrue(crm.admin().get("/accounts?q=geloschte").items().isEmpty());

        Map<String, Object> musterhausen = accountNamed("musterhausen");
        assertEquals("MUNICIPALITY", musterhausen.get("type"));
        assertEquals(MUSTERHAUSEN, musterhausen.get("salesforceId"));
        assertEquals("Musterhausen", object(musterhausen, "address").get("city"));
        // ISO-8859-1 read as such, and the line break inside the value kept
        assertEquals("Integrationsbüro im Rathaus.\nAnsprechpartnerin: Frau Mustermann", musterhausen.get("notes"));
        assertEquals("SUPPLIER", accountNamed("wortreich").get("type"));
        assertEquals("PARTNER", accountNamed("brucke").get("type"));
        assertEquals("Sagt \"Hallo\" auf Deutsch", accountNamed("brucke").get("notes"));

        // the household member joins the organisation of her primary affiliation; the preferred (work) address first
        Map<String, Object> erika = contactByEmail("erika@privat.example");
        assertEquals(musterhausen.get("id"), erika.get("accountId"));
        assertEquals(List.of("erika.mustermann@musterhausen.example", "erika@privat.example"), erika.get("emails"));
        assertEquals(ERIKA, erika.get("salesforceId"));
        assertEquals(List.of("+49 9999 12", "+49 170 0000000"), erika.get("phones"));
        assertEquals("Integrationsbeauftragte", erika.get("title"));
        String notes = (String) crm.admin().get("/contacts/" + erika.get("id")).json().get("notes");
        assertTrue(notes.startsWith("Kennt das Projekt seit 2021.\nBevorzugt Termine am Vormittag."), notes);
        assertTrue(notes.contains("Abteilung / Department: Sozialamt") && notes.contains("Nicht anrufen"), notes);
        // the other household member through his npe5__Affiliation__c (the null sentinel is no primary affiliation)
        Map<String, Object> max = contactByEmail("max.beispiel@privat.example");
        assertEquals(accountNamed("beispielkreis").get("id"), max.get("accountId"));
        // the sentinel as AccountId: a contact of its own
        assertNull(contactByEmail("lena.ohneorga@example.com").get("accountId"));

        // users: matched by email (the admin reused, still admin), the inactive one deactivated, nobody new an admin
        List<Map<String, Object>> members = crm.admin().get("/members").items();
        Map<String, Object> tom = members.stream().filter(m -> m.get("email").equals("tom.ehemalig@integreat.example")).findFirst().orElseThrow();
        assertEquals(false, tom.get("active"));
        assertEquals("MEMBER", tom.get("role"));
        assertEquals("ADMIN", members.stream().filter(m -> m.get("email").equals(TestCrm.ADMIN)).findFirst().orElseThrow().get("role"));
        String adminId = crm.admin().get("/me").string("id");

        // the open opportunity: its stage history with dates and authors, now owned by the admin (its owner left)
        List<Map<String, Object>> opportunities = crm.admin().get("/opportunities?accountId=" + musterhausen.get("id")).items();
        assertEquals(2, opportunities.size(), opportunities.toString());
        Map<String, Object> standard = opportunities.stream().filter(o -> o.get("type").equals("STANDARD")).findFirst().orElseThrow();
        Map<String, Object> full = crm.admin().get("/opportunities/" + standard.get("id")).json();
        assertEquals("CONTRACT_SENT", full.get("stage"));
        assertEquals(true, full.get("open"));
        assertEquals(adminId, full.get("ownerId"));
        assertEquals(STANDARD_OPP, full.get("salesforceId"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> history = (List<Map<String, Object>>) full.get("history");
        assertEquals(List.of("INTERESTED", "INFO_PROVIDED", "PITCH_DONE", "CONTRACT_SENT"), history.stream().map(h -> h.get("stage")).toList());
        assertEquals("2023-05-02T10:15:00Z", history.get(3).get("at"));
        assertEquals(tom.get("id"), history.get(3).get("by"), "the author stays, deactivated");
        assertTrue(((String) full.get("notes")).contains("Erika Mustermann (Decision Maker)"), (String) full.get("notes"));
        // a closed lost one without a reason gets the stated placeholder
        Map<String, Object> lost = opportunities.stream().filter(o -> o.get("type").equals("ONE_TIME")).findFirst().orElseThrow();
        assertEquals("CLOSED_LOST", lost.get("stage"));
        assertTrue(((String) lost.get("lostReason")).contains("Kein Grund"), lost.toString());
        // the state can be continued from: the open one can be won now
        TestCrm.Reply won = crm.admin().ifMatch('"' + String.valueOf(full.get("version")) + '"')
                .post("/opportunities/" + standard.get("id") + "/stage", Map.of("stage", "CLOSED_WON"));
        assertEquals(200, won.status(), won.toString());
        assertEquals("CLOSED_WON", won.string("stage"));
        // the municipality overview knows the imported pipeline
        assertTrue(run.out().contains("a Split with one account"), run.out());
        assertTrue(run.out().contains("now owned by " + TestCrm.ADMIN), run.out());
        assertEquals(1, number(counts(report, "Opportunity"), "skipped"), "the supplier's opportunity");
        // the timeline marks imported entries
        List<Map<String, Object>> timeline = crm.admin().get("/accounts/" + musterhausen.get("id") + "/timeline").items();
        assertTrue(timeline.stream().anyMatch(line -> Json.write(line).contains("\"salesforceId\":\"" + STANDARD_OPP + "\"")),
                timeline.toString());
    }

    @Test
    void tasksMailsEventsAndNotesBecomeTasksAndInteractions() throws IOException {
        Path report = temp.resolve("activities.json");
        Run run = importing(FIXTURES.resolve("weekly-export"), "--report", report);
        assertEquals(0, run.exitCode(), run.err() + run.out());
        String adminId = crm.admin().get("/me").string("id");
        Map<String, Object> erika = contactByEmail("erika@privat.example");

        // the email task and its EmailMessage are one interaction: participants and body from the message
        List<Map<String, Object>> erikasTimeline = crm.admin().get("/contacts/" + erika.get("id") + "/timeline").items();
        List<Map<String, Object>> mails = erikasTimeline.stream().filter(line -> "EMAIL".equals(line.get("type"))).toList();
        assertEquals(1, mails.size(), erikasTimeline.toString());
        Map<String, Object> offer = crm.admin().get("/interactions/" + mails.get(0).get("refId")).json();
        assertEquals("Angebot Integreat", offer.get("subject"));
        assertEquals("OUTBOUND", offer.get("direction"));
        assertEquals("Sehr geehrte Frau Mustermann,\nanbei unser Angebot.\nViele Grüße", offer.get("body"));
        assertEquals("2023-02-01T10:58:00Z", offer.get("occurredAt"));
        assertEquals("02s7QAb00000001QBA", offer.get("salesforceId"));
        assertTrue(Json.write(offer.get("participants")).contains("info@musterhausen.example"), Json.write(offer));
        assertTrue(erikasTimeline.stream().anyMatch(line -> "MEETING".equals(line.get("type"))
                && "Pitch im Rathaus".equals(line.get("title"))), erikasTimeline.toString());
        assertTrue(erikasTimeline.stream().allMatch(line -> object(line, "details") != null
                && object(line, "details").get("salesforceId") != null), "every imported line is marked: " + erikasTimeline);

        // an email task without its EmailMessage: participants, subject and body parsed from its description
        Map<String, Object> max = contactByEmail("max.beispiel@privat.example");
        Map<String, Object> question = crm.admin().get("/contacts/" + max.get("id") + "/timeline").items().stream()
                .filter(line -> "EMAIL".equals(line.get("type"))).findFirst().orElseThrow();
        Map<String, Object> parsed = crm.admin().get("/interactions/" + question.get("refId")).json();
        assertEquals("Rückfrage Termine", parsed.get("subject"));
        assertEquals("Hallo Max,\nwann passt es dir?", parsed.get("body"));

        // a completed call: a CALL interaction with outcome and duration
        Map<String, Object> joerg = contactByEmail("joerg.uebel@wortreich.example");
        Map<String, Object> call = crm.admin().get("/contacts/" + joerg.get("id") + "/timeline").items().get(0);
        assertEquals("CALL", call.get("type"));
        Map<String, Object> callRecord = crm.admin().get("/interactions/" + call.get("refId")).json();
        assertEquals("Angebot angefragt", callRecord.get("outcome"));
        assertTrue(((String) callRecord.get("summary")).contains("5 min"), callRecord.toString());

        // a classic note on the Landkreis; the completed task kept as done
        Map<String, Object> kreis = accountNamed("beispielkreis");
        List<Map<String, Object>> kreisTimeline = crm.admin().get("/accounts/" + kreis.get("id") + "/timeline").items();
        assertTrue(kreisTimeline.stream().anyMatch(line -> "NOTE".equals(line.get("type")) && "Gesprächsnotiz".equals(line.get("title"))),
                kreisTimeline.toString());
        List<Map<String, Object>> done = crm.admin().get("/tasks?status=DONE").items();
        assertEquals(List.of("Flyer verschickt"), done.stream().map(t -> t.get("title")).toList());

        // the open task of the inactive user went to the admin running the import, and the report says so
        List<Map<String, Object>> open = crm.admin().get("/tasks?status=OPEN").items();
        assertEquals(1, open.size(), open.toString());
        assertEquals("Rückruf wegen Vertrag", open.get(0).get("title"));
        assertEquals(adminId, open.get(0).get("assigneeId"));
        assertEquals("00T7QAb00000001UBA", open.get(0).get("salesforceId"));
        assertEquals(erika.get("id"), open.get(0).get("contactId"));
        assertTrue(run.out().contains("open task of an inactive or unknown user, now assigned to " + TestCrm.ADMIN + " (00T7QAb00000001UBA)"),
                run.out());

        // the unresolved email task waits in the inbox with its address; creating the contact links it
        List<Map<String, Object>> unresolved = crm.admin().get("/unresolved").items();
        assertEquals(1, unresolved.size(), unresolved.toString());
        assertEquals("Anfrage aus Neustadt", unresolved.get(0).get("subject"));
        assertTrue(Json.write(unresolved.get(0).get("participants")).contains("amt@neustadt.example"));
        TestCrm.Reply created = crm.admin().post("/contacts", Map.of("lastName", "Amt Neustadt", "emails", List.of("amt@neustadt.example")));
        assertEquals(201, created.status(), created.toString());
        assertTrue(crm.admin().get("/unresolved").items().isEmpty(), "the mail left the inbox");
        assertEquals(1, crm.admin().get("/contacts/" + created.string("id") + "/timeline").items().size());

        // attachments and files (the latest version) are listed on their record and downloadable
        Map<String, Object> musterhausen = accountNamed("musterhausen");
        List<Map<String, Object>> accountFiles = crm.admin().get("/accounts/" + musterhausen.get("id") + "/files").items();
        assertEquals(List.of("Angebot Musterhausen.txt"), accountFiles.stream().map(f -> f.get("name")).toList());
        assertEquals("Angebot für Musterhausen: 15000\n", download((String) accountFiles.get(0).get("url")));
        List<Map<String, Object>> contactFiles = crm.admin().get("/contacts/" + erika.get("id") + "/files").items();
        assertEquals(List.of("visitenkarte.txt"), contactFiles.stream().map(f -> f.get("name")).toList());
        assertEquals("Erika Mustermann, Integrationsbeauftragte\n", download((String) contactFiles.get(0).get("url")));
        assertEquals(404, crm.admin().get("/contacts/01J0000000000000000000NONE/files").status());
        // an enhanced note (ContentNote) is a NOTE with its HTML as text
        Map<String, Object> note = crm.admin().get("/accounts/" + musterhausen.get("id") + "/timeline").items().stream()
                .filter(line -> "Notiz zum Rathaus".equals(line.get("title"))).findFirst().orElseThrow();
        assertEquals("NOTE", note.get("type"));
        assertTrue(((String) note.get("summary")).contains("keinen Beamer"), note.toString());
    }

    @Test
    void importedRecordsAreFoundBySearchAndCountedInThePipelineReport() throws IOException {
        Run run = importing(FIXTURES.resolve("weekly-export"));
        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertTrue(run.out().contains("Pipeline report rebuilt from 3 opportunities."), run.out());
        Map<String, Object> musterhausen = accountNamed("musterhausen");
        Map<String, Object> erika = contactByEmail("erika@privat.example");
        List<Map<String, Object>> opportunities = crm.admin().get("/opportunities?accountId=" + musterhausen.get("id")).items();

        // every kind by the beginning of a word, as records made through the API are found
        TestCrm.Reply found = crm.getWithinBudget(crm.admin(), "/search?q=musterh");
        assertEquals(List.of(musterhausen.get("id")), SearchApiTest.ids(found, "accounts"));
        assertEquals(opportunities.stream().map(o -> o.get("id")).sorted().toList(),
                SearchApiTest.ids(found, "opportunities").stream().map(String::valueOf).sorted().toList());
        assertEquals(List.of(erika.get("id")), SearchApiTest.ids(crm.admin().get("/search?q=mustermann"), "contacts"));
        assertEquals(List.of(erika.get("id")), SearchApiTest.ids(crm.admin().get("/search?q=erika%40privat"), "contacts"),
                "by an address");
        String mail = (String) crm.admin().get("/contacts/" + erika.get("id") + "/timeline").items().stream()
                .filter(line -> "EMAIL".equals(line.get("type"))).findFirst().orElseThrow().get("refId");
        assertEquals(List.of(mail), SearchApiTest.ids(crm.admin().get("/search?q=angebot%20int"), "interactions"));
        assertEquals(2, SearchApiTest.ids(crm.admin().get("/search?q=rathaus"), "interactions").size(),
                "a later word: the meeting and the enhanced note");

        // the report counts the imported opportunities with their stage history (2022-11 to 2023-05)
        TestCrm.Reply report = crm.admin().get("/reports/pipeline?from=2022-11&to=2023-06");
        assertEquals(200, report.status(), report.toString());
        Map<String, Map<String, Object>> stages = ReportsApiTest.stages(report);
        assertEquals(3, ReportsApiTest.number(stages.get("INTERESTED"), "entered"), "the three imported ones started there");
        assertEquals(3, ReportsApiTest.number(stages.get("INTERESTED"), "reached"));
        assertEquals(1, ReportsApiTest.number(stages.get("PITCH_DONE"), "entered"));
        assertEquals(1, ReportsApiTest.number(stages.get("CONTRACT_SENT"), "entered"));
        assertEquals(1, ReportsApiTest.number(stages.get("CONTRACT_SENT"), "open"), "the open one is there now");
        assertEquals(1, ReportsApiTest.number(stages.get("CLOSED_WON"), "entered"));
        assertEquals(1, ReportsApiTest.number(stages.get("CLOSED_LOST"), "entered"));
        assertEquals(1, ReportsApiTest.number(object(report.json(), "total"), "won"));
        assertEquals(1, ReportsApiTest.number(object(report.json(), "total"), "lost"));

        // run again: the same counters and search items, nothing else
        Map<String, Map<String, AttributeValue>> imported = table();
        assertEquals(0, importing(FIXTURES.resolve("weekly-export")).exitCode());
        assertUnchanged(imported, table());
        assertEquals(report.json(), crm.admin().get("/reports/pipeline?from=2022-11&to=2023-06").json());
    }

    static String download(String url) {
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertEquals(200, response.statusCode(), response.body());
            return response.body();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aMergedContactsFilesMoveToTheKeptOneAndALaterImportOfItBelongsThereToo() throws IOException {
        Path export = copyOfWeeklyExport();
        assertEquals(0, importing(export).exitCode());
        Map<String, Object> erika = contactByEmail("erika@privat.example");
        String erikaId = (String) erika.get("id");
        TestCrm.Reply created = crm.admin().post("/contacts", Map.of("firstName", "Erika", "lastName", "Mustermann",
                "emails", List.of("e.mustermann@example.org")));
        String keptId = created.string("id");
        TestCrm.Reply merged = crm.admin().ifMatch(created.etag()).post("/contacts/" + keptId + "/merge",
                Map.of("from", erikaId, "fromVersion", erika.get("version")));
        assertEquals(200, merged.status(), merged.toString());
        assertEquals(true, merged.json().get("complete"), merged.toString());

        // her file is listed (and downloadable) on the kept contact; her own list answers 301 like her other routes
        List<Map<String, Object>> keptFiles = crm.admin().get("/contacts/" + keptId + "/files").items();
        assertEquals(List.of("visitenkarte.txt"), keptFiles.stream().map(f -> f.get("name")).toList());
        assertEquals("Erika Mustermann, Integrationsbeauftragte\n", download((String) keptFiles.get(0).get("url")));
        TestCrm.Reply moved = crm.admin().get("/contacts/" + erikaId + "/files");
        assertEquals(301, moved.status(), moved.toString());
        long keptVersion = ((Number) crm.admin().get("/contacts/" + keptId).json().get("version")).longValue();

        // a newer export: Erika changed in Salesforce and has a new task there
        replace(export.resolve("Contact.csv"), "Kennt das Projekt seit 2021.", "Kennt das Projekt seit 2020.");
        String tasks = Files.readString(export.resolve("Task.csv"), StandardCharsets.ISO_8859_1);
        String openTask = tasks.lines().filter(line -> line.startsWith("\"00T7QAb00000001UBA\"")).findFirst().orElseThrow();
        Files.writeString(export.resolve("Task.csv"), tasks + openTask.replace("00T7QAb00000001UBA", "00T7QAb00000009UBA") + "\n",
                StandardCharsets.ISO_8859_1);
        Run again = importing(export);
        assertTrue(again.out().contains("merged into contact " + keptId + " in the CRM"), again.out());
        assertFalse(again.out().contains("deleted in the CRM"), again.out());
        // she is not imported again beside her 301, and the kept contact stays as the merge left it
        assertEquals(301, crm.admin().get("/contacts/" + erikaId).status());
        assertEquals(301, crm.admin().get("/contacts/" + erikaId + "/timeline").status());
        assertEquals(keptId, contactByEmail("erika@privat.example").get("id"));
        assertEquals(keptVersion, ((Number) crm.admin().get("/contacts/" + keptId).json().get("version")).longValue());
        // her new task belongs to the kept contact
        Map<String, Object> newTask = crm.admin().get("/tasks?status=OPEN").items().stream()
                .filter(task -> "00T7QAb00000009UBA".equals(task.get("salesforceId"))).findFirst().orElseThrow();
        assertEquals(keptId, newTask.get("contactId"));

        // the undo gives her file back
        TestCrm.Reply undone = crm.admin().post("/merges/" + merged.string("mergeId") + "/undo", null);
        assertEquals(200, undone.status(), undone.toString());
        assertEquals(List.of("visitenkarte.txt"), crm.admin().get("/contacts/" + erikaId + "/files").items().stream()
                .map(f -> f.get("name")).toList());
        assertEquals(List.of(), crm.admin().get("/contacts/" + keptId + "/files").items());
    }

    @Test
    void aLaterImportOfAMergedAwayAccountBelongsToTheKeptOne() throws IOException {
        Path export = copyOfWeeklyExport();
        assertEquals(0, importing(export).exitCode());
        Map<String, Object> musterhausen = accountNamed("musterhausen");
        String fromId = (String) musterhausen.get("id");
        TestCrm.Reply created = crm.admin().post("/accounts", Map.of("name", "Musterstadt", "type", "MUNICIPALITY"));
        String keptId = created.string("id");
        TestCrm.Reply merged = crm.admin().ifMatch(created.etag()).post("/accounts/" + keptId + "/merge",
                Map.of("from", fromId, "fromVersion", musterhausen.get("version")));
        assertEquals(200, merged.status(), merged.toString());
        assertEquals(true, merged.json().get("complete"), merged.toString());
        long keptVersion = ((Number) crm.admin().get("/accounts/" + keptId).json().get("version")).longValue();
        assertEquals(keptId, contactByEmail("erika@privat.example").get("accountId"));

        // a newer export: the account changed in Salesforce
        replace(export.resolve("Account.csv"), "Marktplatz 1", "Marktplatz 2");
        Run again = importing(export);
        assertTrue(again.out().contains("merged into account " + keptId + " in the CRM"), again.out());
        // what the merge moved changed in the CRM since: the import keeps the CRM's version of each (a conflict)
        assertTrue(again.out().contains("Contact conflict: 0037QAb00000001QBA: changed in the CRM"), again.out());
        // not imported again beside its 301; the kept account stays as the merge left it, its contacts on it
        assertEquals(301, crm.admin().get("/accounts/" + fromId).status());
        assertEquals(keptVersion, ((Number) crm.admin().get("/accounts/" + keptId).json().get("version")).longValue());
        assertEquals(keptId, contactByEmail("erika@privat.example").get("accountId"));
        assertEquals(List.of(keptId), crm.admin().get("/accounts?q=muster").items().stream().map(a -> a.get("id")).toList());
    }

    @Test
    void aDryRunWritesNothingAndASecondRunIsANoOp() throws IOException {
        Path folder = FIXTURES.resolve("weekly-export");
        Map<String, Map<String, AttributeValue>> empty = table();
        Run dry = importing(folder, "--dry-run");
        assertEquals(0, dry.exitCode(), dry.err());
        assertTrue(dry.out().contains("Dry run: nothing was written"), dry.out());
        assertTrue(dry.out().matches("(?s).*Account\\s+6\\s+4\\s+0\\s+0\\s+2\\s+0.*"), dry.out());
        // the admin running the import is reused, as the real run reuses it, though the dry run does not create it
        assertTrue(dry.out().matches("(?s).*User\\s+3\\s+2\\s+0\\s+0\\s+1\\s+0.*"), dry.out());
        assertEquals(empty, table(), "the dry run wrote nothing");

        Run first = importing(folder);
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.out().matches("(?s).*User\\s+3\\s+2\\s+0\\s+0\\s+1\\s+0.*"), first.out());
        Map<String, Map<String, AttributeValue>> imported = table();
        assertTrue(imported.keySet().stream().anyMatch(key -> key.startsWith("SF#" + MUSTERHAUSEN)), "the lookup item");

        Path report = temp.resolve("second.json");
        Run second = importing(folder, "--report", report);
        assertEquals(0, second.exitCode(), second.err());
        assertUnchanged(imported, table());
        for (String object : List.of("Account", "Contact", "Opportunity", "Task", "EmailMessage", "Event", "Note", "Attachment",
                "ContentVersion")) {
            Map<String, Object> counts = counts(report, object);
            assertEquals(0, number(counts, "created") + number(counts, "updated"), object + ": " + counts);
            assertTrue(number(counts, "unchanged") > 0, object + ": " + counts);
        }
        // a dry run after the import says the same
        Run dryAgain = importing(folder, "--dry-run");
        assertTrue(dryAgain.out().matches("(?s).*Account\\s+6\\s+0\\s+0\\s+4\\s+2\\s+0.*"), dryAgain.out());
    }

    @Test
    void aNewerExportUpdatesWhatChangedAndAddsWhatIsNewButKeepsWhatTheCrmChanged() throws IOException {
        Path export = copyOfWeeklyExport();
        assertEquals(0, importing(export).exitCode());
        Map<String, Object> musterhausen = accountNamed("musterhausen");
        Map<String, Object> partner = accountNamed("brucke");

        // in the CRM, someone edits the partner account
        assertEquals(200, crm.admin().ifMatch('"' + String.valueOf(partner.get("version")) + '"')
                .patch("/accounts/" + partner.get("id"), Map.of("phone", "+49 1111 1")).status());

        // the newer export: Musterhausen's phone changed, the partner's description changed, a new contact
        replace(export.resolve("Account.csv"), "\"+49 9999 0\"", "\"+49 9999 100\"");
        replace(export.resolve("Account.csv"), "Sagt \"\"Hallo\"\" auf Deutsch", "Neue Beschreibung");
        Files.writeString(export.resolve("Contact.csv"), Files.readString(export.resolve("Contact.csv"), StandardCharsets.ISO_8859_1)
                + "\"0037QAb00000009QBA\",\"0\",\"" + MUSTERHAUSEN + "\",\"Neu\",\"Kontakt\",\"\",\"\",\"\",\"neu.kontakt@musterhausen.example\","
                + "\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"0\",\"0\",\"\",\"\",\"\",\"\",\"\",\"\",\"2024-01-01 10:00:00\"\n", StandardCharsets.ISO_8859_1);
        Path report = temp.resolve("newer.json");
        Run newer = importing(export, "--report", report);
        assertEquals(1, newer.exitCode(), "conflicts make the exit code 1: " + newer.out());
        assertEquals(1, number(counts(report, "Account"), "updated"));
        assertEquals(1, number(counts(report, "Account"), "conflicts"));
        assertTrue(newer.out().contains("changed in the CRM since it was imported"), newer.out());
        assertEquals(1, number(counts(report, "Contact"), "created"));
        assertEquals("+49 9999 100", accountNamed("musterhausen").get("phone"));
        assertEquals(((Number) musterhausen.get("version")).longValue() + 1, ((Number) accountNamed("musterhausen").get("version")).longValue());
        Map<String, Object> partnerNow = accountNamed("brucke");
        assertEquals("+49 1111 1", partnerNow.get("phone"), "the CRM's edit is kept");
        assertEquals("Sagt \"Hallo\" auf Deutsch", partnerNow.get("notes"));
        assertEquals(musterhausen.get("id"), contactByEmail("neu.kontakt@musterhausen.example").get("accountId"));
    }

    @Test
    void badInputIsNamedByFileLineAndFieldAndWritesNothing() throws IOException {
        Map<String, Map<String, AttributeValue>> empty = table();

        Path brokenQuote = copyOfWeeklyExport();
        replace(brokenQuote.resolve("Contact.csv"), "\"Geschäftsführer\"", "\"Geschäfts\"führer\"");
        Run broken = importing(brokenQuote);
        assertEquals(2, broken.exitCode());
        assertTrue(broken.err().contains("Contact.csv, line 5, field Title"), broken.err());

        Path missingColumn = copyOfWeeklyExport();
        replace(missingColumn.resolve("Account.csv"), "\"Id\",\"IsDeleted\",\"Name\"", "\"Id\",\"IsDeleted\",\"AccountName\"");
        Run missing = importing(missingColumn);
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("Account.csv, line 1, field Name: the required column Name is missing"), missing.err());

        Path danglingReference = copyOfWeeklyExport();
        replace(danglingReference.resolve("Contact.csv"), "\"0017QAb00000003QBA\"", "\"0017QAb00000099QBA\"");
        Run dangling = importing(danglingReference);
        assertEquals(2, dangling.exitCode());
        assertTrue(dangling.err().contains("Contact.csv, line 5, field AccountId: refers to Account 0017QAb00000099QBA, which is not in the export"),
                dangling.err());

        Path utf16 = copyOfWeeklyExport();
        Files.write(utf16.resolve("User.csv"), Files.readString(utf16.resolve("User.csv"), StandardCharsets.ISO_8859_1)
                .getBytes(StandardCharsets.UTF_16));
        Run unknownEncoding = importing(utf16);
        assertEquals(2, unknownEncoding.exitCode());
        assertTrue(unknownEncoding.err().contains("User.csv: is in an unknown encoding"), unknownEncoding.err());

        Path notAnExport = temp.resolve("WE_photos.ZIP");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(notAnExport))) {
            zip.putNextEntry(new ZipEntry("holiday.jpg"));
            zip.write(new byte[] {1, 2, 3});
            zip.closeEntry();
        }
        Run photos = importing(notAnExport);
        assertEquals(2, photos.exitCode());
        assertTrue(photos.err().contains("WE_photos.ZIP: is not a Salesforce export"), photos.err());

        assertEquals(empty, table(), "no bad input wrote anything");
    }

    @Test
    void unmappedValuesStopTheImportUntilTheMapMapsThem() throws IOException {
        Path export = copyOfWeeklyExport();
        replace(export.resolve("Opportunity.csv"), "\"Vertrag gesendet\"", "\"Verhandlung\"");
        replace(export.resolve("Account.csv"), "\"Lieferant\"", "\"Dienstleister\"");
        Map<String, Map<String, AttributeValue>> empty = table();
        Run stopped = importing(export);
        assertEquals(3, stopped.exitCode());
        assertTrue(stopped.err().contains("\"Verhandlung\" ×1, e.g. Opportunity " + STANDARD_OPP), stopped.err());
        assertTrue(stopped.err().contains("\"Dienstleister\" ×1, e.g. Account 0017QAb00000003QBA"), stopped.err());
        assertEquals(empty, table());

        Path map = Files.writeString(temp.resolve("map.json"),
                "{\"stages\": {\"Verhandlung\": \"CONTRACT_SENT\"}, \"accountTypes\": {\"Dienstleister\": \"SUPPLIER\"}}");
        Run mapped = importing(export, "--map", map);
        assertEquals(0, mapped.exitCode(), mapped.err() + mapped.out());
        assertEquals("SUPPLIER", accountNamed("wortreich").get("type"));

        Path wrongMap = Files.writeString(temp.resolve("wrong.json"), "{\"stages\": {\"Verhandlung\": \"NEGOTIATION\"}}");
        Run wrong = importing(export, "--map", wrongMap);
        assertEquals(2, wrong.exitCode());
        assertTrue(wrong.err().contains("field stages.Verhandlung: is not a stage key"), wrong.err());
    }

    @Test
    void aDataLoaderFolderIsDetectedAndRead() throws IOException {
        Path report = temp.resolve("loader.json");
        Run run = importing(FIXTURES.resolve("data-loader"), "--report", report);
        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertTrue(Files.readString(report).contains("DATA_LOADER"), Files.readString(report));
        Map<String, Object> zoe = contactByEmail("zoe.pruefer@testingen.example");
        assertEquals("Zoë", zoe.get("firstName"));
        assertEquals(accountNamed("testingen").get("id"), zoe.get("accountId"));
        String notes = (String) crm.admin().get("/contacts/" + zoe.get("id")).json().get("notes");
        assertTrue(notes.startsWith("Zeile eins\r\nZeile zwei – „Anführung“"), notes);
        assertTrue(notes.contains("Keine E-Mails"), notes);
    }

    /**
     * A small stack in the emulator's CloudFormation with the template's CrmTable (its schema as
     * template.yaml has it) and RawMailBucket: what --aws --stack NAME finds them by.
     */
    static String createStack(String stack) throws Exception {
        Map<String, Object> table = new java.util.LinkedHashMap<>();
        Map<String, Object> properties = Template.load(TestCrm.ROOT.resolve("template.yaml")).tableProperties();
        for (String property : List.of("BillingMode", "AttributeDefinitions", "KeySchema", "GlobalSecondaryIndexes")) {
            table.put(property, properties.get(property));
        }
        String template = Json.write(Map.of("Resources", Map.of(
                "CrmTable", Map.of("Type", "AWS::DynamoDB::Table", "Properties", table),
                "RawMailBucket", Map.of("Type", "AWS::S3::Bucket"))));
        String form = "Action=CreateStack&Version=2010-05-15&StackName=" + stack + "&TemplateBody="
                + java.net.URLEncoder.encode(template, StandardCharsets.UTF_8);
        // the emulator reads the service from the credential scope; it checks no signature
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(TestEmulator.endpoint())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/eu-central-1/cloudformation/aws4_request, "
                        + "SignedHeaders=host, Signature=0")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    @Test
    void withAwsTheStackNamesTheTableAndTheBucketThroughCloudFormation() throws Exception {
        String stack = "crm-import-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        createStack(stack);
        String region = crm.crm.services().config().region();
        Map<String, String> environment = Map.of("AWS_REGION", region, "AWS_ENDPOINT_URL", TestEmulator.endpoint().toString(),
                "CRM_ADMIN_EMAIL", TestCrm.ADMIN);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ImportCommand.run(new ArrayDeque<>(List.of("salesforce", FIXTURES.resolve("weekly-export").toString(), "--aws",
                "--stack", stack)), environment, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8) + out.toString(StandardCharsets.UTF_8));

        // the stack's table and bucket, as the emulator named them, looked at through a CRM on them
        String tableName = crm.crm.dynamo().listTables().tableNames().stream().filter(name -> name.contains(stack)).findFirst()
                .orElseThrow(() -> new AssertionError("the stack's table"));
        String bucket = crm.crm.services().s3().listBuckets().buckets().stream().map(b -> b.name())
                .filter(name -> name.contains(stack.toLowerCase(java.util.Locale.ROOT))).findFirst()
                .orElseThrow(() -> new AssertionError("the stack's bucket"));
        TestCrm onStack = new TestCrm(settings -> settings.withTableName(tableName).withRawMailBucket(bucket), Clock.systemUTC());
        List<Map<String, Object>> accounts = onStack.admin().get("/accounts?q=musterhausen").items();
        assertEquals(List.of(MUSTERHAUSEN), accounts.stream().map(a -> a.get("salesforceId")).toList());
        List<Map<String, Object>> files = onStack.admin().get("/accounts/" + accounts.get(0).get("id") + "/files").items();
        assertEquals("Angebot für Musterhausen: 15000\n", download((String) files.get(0).get("url")), "the file in the stack's bucket");
        assertTrue(crm.admin().get("/accounts?q=musterhausen").items().isEmpty(), "nothing in the runner's own table");

        // a stack that is not there: said so, nothing written
        ByteArrayOutputStream missingErr = new ByteArrayOutputStream();
        int missing = ImportCommand.run(new ArrayDeque<>(List.of("salesforce", FIXTURES.resolve("weekly-export").toString(), "--aws",
                "--stack", stack + "-gone")), environment, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(missingErr, true, StandardCharsets.UTF_8));
        assertEquals(4, missing);
        assertTrue(missingErr.toString(StandardCharsets.UTF_8).contains("CloudFormation cannot describe the stack " + stack + "-gone"),
                missingErr.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theRunnerTellsLocalToolsWhereItsTableIs() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + server.port()
                + "/dev/emulator")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals(crm.crm.services().table().name(), Json.object(response.body()).get("tableName"));
        var foreign = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + server.port()
                + "/dev/emulator")).header("Origin", "https://evil.example").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(403, foreign.statusCode());
    }
}
