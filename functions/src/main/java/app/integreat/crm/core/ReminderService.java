package app.integreat.crm.core;

import app.integreat.crm.model.Account;
import app.integreat.crm.model.Member;
import app.integreat.crm.model.Task;
import app.integreat.crm.store.AccountStore;
import app.integreat.crm.store.MemberStore;
import app.integreat.crm.store.ReminderStore;
import app.integreat.crm.store.TaskStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.HashSet;
import app.integreat.crm.model.FollowUp;
import app.integreat.crm.model.Page;
import app.integreat.crm.model.PageRequest;
import app.integreat.crm.store.FollowUpStore;
import app.integreat.crm.store.SnoozeStore;
import app.integreat.crm.model.Snooze;

/**
 * The morning digest: each active member with open tasks due today or overdue gets one mail listing
 * them, in the member's language. "Today" is the date in Berlin. The run reads only the due tasks
 * (one Query of the open tasks by due date), and a marker per member and day, claimed with a
 * condition before sending, makes a second run of the day send nothing twice.
 */
public final class ReminderService {
    public static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** A claim this old belongs to a run that died; Lambda's timeout is far shorter. */
    static final Duration LEASE = Duration.ofMinutes(15);
    /** A safety bound on one run; far above what a team has due on one day. */
    static final int MAX_DUE_TASKS = 10_000;

    /** One digest mail. */
    public record Digest(String to, String subject, String text) {
    }

    /** The port to the mail service (SES in AWS). */
    @FunctionalInterface
    public interface Mailer {
        void send(Digest digest);
    }

    /** @param followUpTasks tasks the run created for mails without answer and snoozes that ended */
    public record Result(LocalDate date, int sent, int skipped, int failed, int followUpTasks) {
    }

    /** Due follow-ups and snoozes are read in pages of this size, at most {@link #MAX_PAGES} pages per run; the next run goes on. */
    static final int PAGE = 50;
    static final int MAX_PAGES = 20;
    private int pageSize = PAGE;
    private int maxPages = MAX_PAGES;

    private final TaskStore tasks;
    private final ReminderStore markers;
    private final FollowUpStore followUps;
    private final SnoozeStore snoozes;
    private final Ids ids;
    private final MemberStore members;
    private final AccountStore accounts;
    private final Mailer mailer;
    private final Clock clock;
    private final String appUrl;

    public ReminderService(TaskStore tasks, ReminderStore markers, FollowUpStore followUps, SnoozeStore snoozes, MemberStore members,
                           AccountStore accounts, Mailer mailer, Clock clock, Ids ids, String appUrl) {
        this.ids = ids;
        this.tasks = tasks;
        this.markers = markers;
        this.followUps = followUps;
        this.snoozes = snoozes;
        this.members = members;
        this.accounts = accounts;
        this.mailer = mailer;
        this.clock = clock;
        this.appUrl = appUrl == null ? "" : appUrl;
    }

    /** The same service sending through another mailer (tests use one that fails). */
    public ReminderService withMailer(Mailer other) {
        return new ReminderService(tasks, markers, followUps, snoozes, members, accounts, other, clock, ids, appUrl);
    }

    /** The same service with smaller bounds per run (tests show that a run stops there and the next goes on). */
    public ReminderService withPaging(int pageSize, int maxPages) {
        ReminderService bounded = new ReminderService(tasks, markers, followUps, snoozes, members, accounts, mailer, clock, ids, appUrl);
        bounded.pageSize = pageSize;
        bounded.maxPages = maxPages;
        return bounded;
    }

    /** The Berlin date of an instant: just after midnight in Berlin is already the next day. */
    public static LocalDate berlinDate(Instant instant) {
        return LocalDate.ofInstant(instant, BERLIN);
    }

    public Result run(Instant now) {
        LocalDate today = berlinDate(now);
        Map<String, Member> senders = new HashMap<>();
        java.util.concurrent.atomic.AtomicInteger taskFailures = new java.util.concurrent.atomic.AtomicInteger();
        List<Task> created = noReplyTasks(today, now, senders, taskFailures);
        created.addAll(snoozeEndTasks(today, now, senders, taskFailures));
        Map<String, List<Task>> byAssignee = new LinkedHashMap<>();
        Set<String> listed = new HashSet<>();
        for (Task task : tasks.openTasksDueBefore(today.plusDays(1), MAX_DUE_TASKS)) {
            listed.add(task.id());
            byAssignee.computeIfAbsent(task.assigneeId(), id -> new ArrayList<>()).add(task);
        }
        // the index may not show a task created a moment ago yet: the digest lists it anyway
        for (Task task : created) {
            if (listed.add(task.id())) {
                byAssignee.computeIfAbsent(task.assigneeId(), id -> new ArrayList<>()).add(task);
            }
        }
        Map<String, String> accountNames = new HashMap<>();
        int sent = 0;
        int skipped = 0;
        // a task that could not be created fails the run after the digests, so that the scheduler's retry makes it
        int failed = taskFailures.get();
        for (Map.Entry<String, List<Task>> entry : byAssignee.entrySet()) {
            Optional<Member> member = members.byId(entry.getKey());
            if (member.isEmpty() || !member.get().active()) {
                skipped++; // cannot happen for open tasks (deactivation moves them); never mail a former member
                continue;
            }
            if (!markers.claim(member.get().id(), today, clock.instant(), LEASE)) {
                skipped++;
                continue;
            }
            try {
                mailer.send(digest(member.get(), today, entry.getValue(), accountNames));
            } catch (RuntimeException e) {
                markers.release(member.get().id(), today);
                failed++;
                continue;
            }
            markers.markSent(member.get().id(), today, clock.instant(), entry.getValue().size());
            sent++;
        }
        return new Result(today, sent, skipped, failed, created.size());
    }

    /**
     * A task "Keine Antwort: <subject>" for each armed follow-up due today or before, for its sender,
     * linked to the mail and its records. Each is created in one transaction with the end of its
     * follow-up (conditioned on it still being armed), so a rerun creates none twice. Bounded: at most
     * {@link #MAX_PAGES} pages of {@link #PAGE}; the next run goes on with the rest.
     */
    List<Task> noReplyTasks(LocalDate today, Instant now, Map<String, Member> senders, java.util.concurrent.atomic.AtomicInteger failures) {
        List<Task> created = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < maxPages; page++) {
            Page<FollowUp> due = followUps.due(today, new PageRequest(pageSize, cursor));
            for (FollowUp followUp : due.items()) {
                Member sender = senders.computeIfAbsent(followUp.memberId(), id -> members.byId(id).orElse(null));
                if (sender == null || !sender.active()) {
                    followUps.close(followUp); // the sender left the team; nobody waits for the answer any more
                    continue;
                }
                Task task = noReplyTask(followUp, sender, today, now);
                try {
                    if (followUps.createTask(followUp, task)) {
                        created.add(task);
                    }
                } catch (RuntimeException e) {
                    failures.incrementAndGet(); // e.g. the sender was deactivated a moment ago; the others go on
                }
            }
            cursor = due.nextCursor();
            if (cursor == null) {
                break;
            }
        }
        return created;
    }

    /**
     * Ends each snooze whose date has come with a task "Wiedervorlage: <reason>" for the opportunity's
     * owner (or, when the owner left, the member who snoozed it), in one transaction per snooze that
     * is conditioned on the snooze as read: a rerun creates none twice. Bounded like the follow-ups.
     */
    List<Task> snoozeEndTasks(LocalDate today, Instant now, Map<String, Member> people, java.util.concurrent.atomic.AtomicInteger failures) {
        List<Task> created = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < maxPages; page++) {
            Page<Snooze> due = snoozes.due(today, new PageRequest(pageSize, cursor));
            for (Snooze snooze : due.items()) {
                Member assignee = java.util.stream.Stream.of(snooze.ownerId(), snooze.by())
                        .map(id -> people.computeIfAbsent(id, key -> members.byId(key).orElse(null)))
                        .filter(m -> m != null && m.active()).findFirst().orElse(null);
                if (assignee == null) {
                    continue; // nobody of the team left to remind; it stays due and is logged as skipped by the next run
                }
                boolean english = "en".equals(assignee.language());
                String title = (english ? "Follow up: " : "Wiedervorlage: ") + snooze.reason();
                Task task = Task.open(ids.next(), title, null, today, assignee.id(), first(snooze.accountIds()), null,
                        snooze.opportunityId(), snooze.by(), now, null, Task.SNOOZE_ENDED, null);
                try {
                    if (snoozes.end(snooze, task)) {
                        created.add(task);
                    }
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                }
            }
            cursor = due.nextCursor();
            if (cursor == null) {
                break;
            }
        }
        return created;
    }

    private Task noReplyTask(FollowUp followUp, Member sender, LocalDate today, Instant now) {
        boolean english = "en".equals(sender.language());
        String subject = followUp.subject() == null ? (english ? "(no subject)" : "(ohne Betreff)") : followUp.subject();
        String title = (english ? "No reply: " : "Keine Antwort: ") + subject;
        if (title.length() > TaskService.TITLE) {
            title = title.substring(0, TaskService.TITLE - 1) + "…";
        }
        return Task.open(ids.next(), title, null, today, sender.id(), first(followUp.accountIds()), first(followUp.contactIds()),
                first(followUp.opportunityIds()), sender.id(), now, null, Task.NO_REPLY, followUp.interactionId());
    }

    private static String first(List<String> ids) {
        return ids.isEmpty() ? null : ids.get(0);
    }

    Digest digest(Member member, LocalDate today, List<Task> due, Map<String, String> accountNames) {
        boolean english = "en".equals(member.language());
        DateTimeFormatter date = english ? DateTimeFormatter.ofPattern("EEEE, d MMMM yyyy", Locale.ENGLISH)
                : DateTimeFormatter.ofPattern("EEEE, d. MMMM yyyy", Locale.GERMAN);
        DateTimeFormatter shortDate = english ? DateTimeFormatter.ISO_LOCAL_DATE : DateTimeFormatter.ofPattern("dd.MM.yyyy");
        StringBuilder text = new StringBuilder();
        String subject;
        if (english) {
            subject = "Your tasks for " + today.format(shortDate) + ": " + due.size() + " due";
            text.append("Hello ").append(member.name()).append(",\n\n")
                    .append("these tasks are due today (").append(today.format(date)).append(") or overdue:\n\n");
        } else {
            subject = "Ihre Aufgaben am " + today.format(shortDate) + ": " + due.size() + " fällig";
            text.append("Hallo ").append(member.name()).append(",\n\n")
                    .append("diese Aufgaben sind heute (").append(today.format(date)).append(") fällig oder überfällig:\n\n");
        }
        for (Task task : due) {
            text.append("- ").append(task.title()).append("\n  ");
            text.append(english ? "due " : "fällig am ").append(task.dueDate().format(shortDate));
            if (task.dueDate().isBefore(today)) {
                text.append(english ? " (overdue)" : " (überfällig)");
            }
            if (task.accountId() != null) {
                String name = accountNames.computeIfAbsent(task.accountId(),
                        id -> accounts.get(id).map(Account::name).orElse(null));
                if (name != null) {
                    text.append(english ? " · account: " : " · Account: ").append(name);
                }
            }
            text.append("\n  ").append(appUrl).append("#/tasks/").append(task.id()).append("\n\n");
        }
        text.append(english ? "Have a good day,\nyour Integreat CRM\n" : "Einen guten Tag wünscht\nIhr Integreat CRM\n");
        return new Digest(member.email(), subject, text.toString());
    }
}
