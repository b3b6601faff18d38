package io.hazardgate.mqtt.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The publish rules, topic by topic, including the near misses a level compared in place could let through. */
class RoleAccessPolicyTest {
    private final RoleAccessPolicy policy = new RoleAccessPolicy(Set.of("acc"));
    private final Principal logger = Principal.device("d1-login", "s", "d1");
    private final Principal admin = Principal.admin("root");

    @Test
    void aLoggerPublishesOnlyUnderItsOwnSiteAndDevice() {
        assertTrue(policy.mayPublish(logger, "plant/s/d1/telemetry"));
        assertTrue(policy.mayPublish(logger, "plant/s/d1"));
        assertTrue(policy.mayPublish(logger, "plant/s/d1/status"));
        assertFalse(policy.mayPublish(logger, "plant/s/d10/telemetry"), "another device whose id starts with its own");
        assertFalse(policy.mayPublish(logger, "plant/s/d"));
        assertFalse(policy.mayPublish(logger, "plant/s/d1x"));
        assertFalse(policy.mayPublish(logger, "plant/s2/d1/telemetry"));
        assertFalse(policy.mayPublish(logger, "plant/ss/d1/telemetry"));
        assertFalse(policy.mayPublish(logger, "plants/s/d1/telemetry"));
        assertFalse(policy.mayPublish(logger, "plant/s"));
        assertFalse(policy.mayPublish(logger, "other/plant/s/d1"));
        assertFalse(policy.mayPublish(logger, "plant/s/d1/errors"), "only the gateway answers a device");
    }

    @Test
    void nobodyPublishesOnWhatOnlyTheGatewaySays() {
        for (String topic : new String[] {"alarm", "alarm/s/T/GT", "alarm-state/s/T/GT", "risk/s/T", "risk-event/s/T",
                "device-fault/s/d1", "plant/s/d1/errors"}) {
            assertFalse(policy.mayPublish(admin, topic), topic);
        }
        for (String topic : new String[] {"alarms/s", "alarm-states/x", "risky/s", "plant/s/d1/x/errors", "plant/errors",
                "plant/s/d1/errorsx", "plant/s/d1/noerrors"}) {
            assertTrue(policy.mayPublish(admin, topic), topic);
        }
    }

    @Test
    void anAnonymousClientDoesNotSpeakForLoggersWithAccounts() {
        assertFalse(policy.mayPublish(Principal.ANONYMOUS, "plant/acc/d1/telemetry"));
        assertTrue(policy.mayPublish(Principal.ANONYMOUS, "plant/open/d1/telemetry"));
        assertTrue(policy.mayPublish(Principal.ANONYMOUS, "plant/accx/d1/telemetry"));
        assertTrue(policy.mayPublish(admin, "plant/acc/d1/telemetry"), "a named administrator may");
        assertTrue(new RoleAccessPolicy().mayPublish(Principal.ANONYMOUS, "plant/acc/d1/telemetry"), "no site has accounts");
    }

    @Test
    void consumersAndOperatorsPublishNothing() {
        assertFalse(policy.mayPublish(Principal.consumer("c", Set.of("*")), "plant/s/d1/telemetry"));
        assertFalse(policy.mayPublish(Principal.operator("o", Set.of("s")), "plant/s/d1/telemetry"));
    }
}
