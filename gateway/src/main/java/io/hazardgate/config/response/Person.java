package io.hazardgate.config.response;

/**
 * Someone the gateway tells about alarms (response config {@code people}).
 *
 * @param id    how routes, teams and rosters name the person
 * @param name  the name as the site files give it for a responsible person (包保责任人), shown in messages
 * @param email address for e-mail ("" for none)
 * @param phone number for SMS and voice calls ("" for none)
 * @param user  the gateway login of the person, for shift hand-over ("" for none)
 */
public record Person(String id, String name, String email, String phone, String user) {
    /** The address this person has for a channel of {@code type}; "" when none. */
    public String address(ChannelSettings.Type type) {
        return switch (type) {
            case SMTP -> email;
            case SMS, VOICE -> phone;
            case WEBHOOK, MQTT -> id;
        };
    }
}
