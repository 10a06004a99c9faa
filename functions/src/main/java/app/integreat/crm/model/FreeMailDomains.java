package app.integreat.crm.model;

import java.util.Set;

/**
 * Mail providers for everybody: an address there says nothing about the organisation a person works
 * for, so such domains never link mail to an account.
 */
public final class FreeMailDomains {
    private static final Set<String> DOMAINS = Set.of(
            "gmx.de", "gmx.net", "gmx.at", "gmx.ch", "gmx.com", "web.de", "t-online.de", "freenet.de", "arcor.de",
            "posteo.de", "posteo.net", "mailbox.org", "online.de", "email.de", "kabelmail.de", "vodafone.de",
            "googlemail.com", "gmail.com", "outlook.com", "outlook.de", "hotmail.com", "hotmail.de", "live.com",
            "live.de", "msn.com", "yahoo.com", "yahoo.de", "ymail.com", "icloud.com", "me.com", "mac.com",
            "aol.com", "aol.de", "protonmail.com", "proton.me", "pm.me", "tutanota.com", "tutanota.de", "tuta.io",
            "zoho.com", "yandex.com", "mail.com", "mail.de", "gmx.org");

    private FreeMailDomains() {
    }

    public static boolean isFreeMail(String domain) {
        return domain != null && DOMAINS.contains(domain);
    }
}
