package io.hazardgate.response.channel;

import io.hazardgate.config.response.ChannelSettings;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * E-mail over SMTP (Jakarta Mail): plain, STARTTLS (required, not opportunistic) or implicit TLS, with
 * login when a username is configured. The mail is UTF-8 text; its Message-ID is the envelope's id, so a
 * repeat after a crash is recognisable. A recipient the server refuses with a 5xx code fails for good;
 * every other failure is retried.
 */
public final class SmtpSender implements Sender {
    private final ChannelSettings settings;
    private final Session session;

    public SmtpSender(ChannelSettings settings) {
        this.settings = settings;
        Properties p = new Properties();
        boolean tls = settings.security().equals("tls");
        String proto = tls ? "smtps" : "smtp";
        p.put("mail.transport.protocol", proto);
        p.put("mail." + proto + ".host", settings.host());
        p.put("mail." + proto + ".port", Integer.toString(settings.port()));
        String ms = Long.toString(settings.timeout().toMillis());
        p.put("mail." + proto + ".connectiontimeout", ms);
        p.put("mail." + proto + ".timeout", ms);
        p.put("mail." + proto + ".writetimeout", ms);
        p.put("mail." + proto + ".auth", Boolean.toString(!settings.username().isEmpty()));
        if (settings.security().equals("starttls")) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        if (tls || settings.security().equals("starttls")) p.put("mail." + proto + ".ssl.checkserveridentity", "true");
        Authenticator auth = settings.username().isEmpty() ? null : new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(settings.username(), settings.password().reveal());
            }
        };
        this.session = Session.getInstance(p, auth);
        session.setDebug(false); // the protocol trace would carry the login
    }

    @Override
    public Delivery send(Envelope e) {
        try {
            MimeMessage m = new FixedIdMessage(session, "<" + e.id() + "@hazardgate>");
            m.setFrom(new InternetAddress(settings.from()));
            m.setRecipient(Message.RecipientType.TO, new InternetAddress(e.address(), e.recipientName(), StandardCharsets.UTF_8.name()));
            m.setSubject(e.subject(), StandardCharsets.UTF_8.name());
            m.setText(e.text(), StandardCharsets.UTF_8.name());
            m.setSentDate(new Date());
            m.setHeader("X-HazardGate-Delivery", e.id());
            Transport.send(m);
            return Delivery.delivered("accepted by " + settings.host() + ":" + settings.port());
        } catch (SendFailedException ex) {
            return refused(ex);
        } catch (MessagingException | java.io.UnsupportedEncodingException ex) {
            return Delivery.retry(describe(ex));
        }
    }

    private static Delivery refused(SendFailedException ex) {
        for (Exception next = ex; next != null; next = next instanceof MessagingException me ? me.getNextException() : null) {
            if (next instanceof SMTPAddressFailedException a && a.getReturnCode() >= 500) {
                return Delivery.failed("recipient refused: " + a.getReturnCode() + " " + oneLine(a.getMessage()));
            }
            if (next instanceof SMTPSendFailedException s && s.getReturnCode() >= 500 && s.getReturnCode() != 530) {
                return Delivery.failed("refused: " + s.getReturnCode() + " " + oneLine(s.getMessage()));
            }
        }
        return Delivery.retry(describe(ex));
    }

    /** The failure in one line, with its root cause (connection refused, timeout, ...). */
    static String describe(Exception ex) {
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String msg = oneLine(ex.getMessage());
        return root == ex ? msg : msg + " (" + root.getClass().getSimpleName() + ": " + oneLine(root.getMessage()) + ")";
    }

    static String oneLine(String s) {
        if (s == null) return "";
        String t = s.replace('\r', ' ').replace('\n', ' ').strip();
        return t.length() > 300 ? t.substring(0, 300) + "…" : t;
    }

    /** Keeps the Message-ID given, instead of the one Jakarta Mail would make up on every attempt. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String id;

        FixedIdMessage(Session s, String id) {
            super(s);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }
}
