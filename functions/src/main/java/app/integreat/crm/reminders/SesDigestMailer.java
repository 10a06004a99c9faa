package app.integreat.crm.reminders;

import app.integreat.crm.core.ReminderService;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.Body;
import software.amazon.awssdk.services.sesv2.model.Content;
import software.amazon.awssdk.services.sesv2.model.Destination;
import software.amazon.awssdk.services.sesv2.model.EmailContent;
import software.amazon.awssdk.services.sesv2.model.Message;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

/** Sends a reminder digest with SES v2 from the configured sender (MAIL_FROM). */
public final class SesDigestMailer {
    private SesDigestMailer() {
    }

    public static void send(SesV2Client ses, String from, ReminderService.Digest digest) {
        ses.sendEmail(SendEmailRequest.builder()
                .fromEmailAddress(from)
                .destination(Destination.builder().toAddresses(digest.to()).build())
                .content(EmailContent.builder().simple(Message.builder()
                        .subject(Content.builder().data(digest.subject()).charset("UTF-8").build())
                        .body(Body.builder().text(Content.builder().data(digest.text()).charset("UTF-8").build()).build())
                        .build()).build())
                .build());
    }
}
