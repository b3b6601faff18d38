package io.hazardgate.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * A real SMTP server on loopback (GreenMail, from Maven: no system package needed), with a login the
 * gateway must use. It can be stopped (connections refused) and started again on the same port.
 */
public final class SmtpServer implements AutoCloseable {
    public static final String USER = "hazardgate";
    public static final String PASSWORD = "Sm7p-pass-never-logged";

    private GreenMail mail;
    private int port;

    public SmtpServer() {
        mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        mail.start();
        mail.setUser("alarms@plant.test", USER, PASSWORD);
        port = mail.getSmtp().getPort();
    }

    public int port() { return port; }

    /** Stops the server: connections to its port are refused. */
    public void stop() { mail.stop(); }

    /** Starts again on the same port, with no mail. */
    public void restart() {
        mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        mail.setUser("alarms@plant.test", USER, PASSWORD);
    }

    /** One mail as received: recipient, subject, text, Message-ID. */
    public record Mail(String to, String subject, String text, String messageId) {}

    public List<Mail> mails() {
        List<Mail> out = new ArrayList<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            try {
                String to = Arrays.stream(m.getAllRecipients()).map(a -> ((jakarta.mail.internet.InternetAddress) a).getAddress()).findFirst().orElse("");
                out.add(new Mail(to, m.getSubject(), String.valueOf(m.getContent()).replace("\r\n", "\n"), m.getMessageID()));
            } catch (MessagingException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    public List<Mail> mailsTo(String address) {
        return mails().stream().filter(m -> m.to().equals(address)).toList();
    }

    /** Waits for a mail to {@code address} that satisfies {@code p}. */
    public Mail await(String address, Predicate<Mail> p, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Mail m : mailsTo(address)) if (p.test(m)) return m;
            Thread.sleep(20);
        }
        throw new AssertionError("no mail to " + address + " within " + timeout + "; got " + mails());
    }

    @Override
    public void close() { mail.stop(); }
}
