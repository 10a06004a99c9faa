package app.integreat.crm.local;

import app.integreat.crm.Services;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sesv2.model.AlreadyExistsException;

/**
 * The scheduled functions of template.yaml, run locally: fired at their schedule's time in its time
 * zone (as EventBridge Scheduler does) and on demand, with the sample event; and the sender identity
 * moto wants verified. What SES was asked to send is in {@link LocalOutbox}.
 */
public final class LocalReminders {
    /** The Input the template's schedule sends; the same as events/scheduled-reminders.json. */
    static final Map<String, Object> EVENT = Map.of("source", "crm.reminders");
    private static final Pattern DAILY = Pattern.compile("^cron\\((\\d{1,2}) (\\d{1,2}) \\* \\* \\? \\*\\)$");

    private LocalReminders() {
    }

    /** Runs a scheduled function once, as the scheduler would; returns its answer. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> run(LocalFunctions functions, String functionId) {
        return (Map<String, Object>) functions.invokeObject(functionId, new LinkedHashMap<>(EVENT));
    }

    /** The next time a daily cron(M H * * ? *) fires after {@code now}, in its time zone. */
    static ZonedDateTime next(String expression, ZoneId zone, ZonedDateTime now) {
        Matcher matcher = DAILY.matcher(expression.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("the local runner understands daily schedules cron(M H * * ? *), not " + expression);
        }
        ZonedDateTime local = now.withZoneSameInstant(zone);
        ZonedDateTime candidate = local.toLocalDate().atTime(Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(1)))
                .atZone(zone);
        return candidate.isAfter(local) ? candidate : local.toLocalDate().plusDays(1)
                .atTime(Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(1))).atZone(zone);
    }

    /** Fires every schedule of the template at its next time, again and again; the daemon thread ends with the runner. */
    static void startSchedules(Template template, LocalFunctions functions, Clock clock) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "local-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        for (Template.Schedule schedule : template.schedules()) {
            scheduleNext(timer, schedule, functions, clock);
        }
    }

    private static void scheduleNext(ScheduledExecutorService timer, Template.Schedule schedule, LocalFunctions functions, Clock clock) {
        ZonedDateTime now = ZonedDateTime.now(clock);
        ZonedDateTime next = next(schedule.expression(), ZoneId.of(schedule.timezone()), now);
        System.out.println("  " + schedule.functionId() + " runs next at " + next + " (" + schedule.expression() + ")");
        timer.schedule(() -> {
            try {
                System.out.println(schedule.functionId() + ": " + run(functions, schedule.functionId()));
            } catch (RuntimeException e) {
                System.err.println(schedule.functionId() + " failed: " + e);
            }
            scheduleNext(timer, schedule, functions, clock);
        }, Math.max(0, Duration.between(now, next).toMillis()), TimeUnit.MILLISECONDS);
    }

    /** Verifies the sender address in the emulator's SES, as a verified SES identity is a deployment prerequisite. */
    static void verifySender(Services services) {
        String from = services.config().mailFrom();
        if (from == null || from.isBlank() || services.config().endpoint() == null) {
            return;
        }
        try {
            services.ses().createEmailIdentity(request -> request.emailIdentity(from));
        } catch (AlreadyExistsException e) {
            // verified by an earlier run against the same emulator
        }
    }
}
