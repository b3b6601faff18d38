package io.hazardgate.southbound.json;

import io.hazardgate.config.device.PayloadProfile;
import io.hazardgate.config.site.Device;
import io.hazardgate.config.site.Site;
import io.hazardgate.ingest.PayloadDecoder;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which device of which site publishes which JSON shape: built from the sites on start and on every
 * reload, so a profile or a device's choice of profile changes live. Immutable.
 */
public final class PayloadProfiles implements PayloadDecoder.Lookup {
    /** Site, then device: looked up per message without building a key. */
    private final Map<String, Map<String, PayloadDecoder>> bySite;

    private PayloadProfiles(Map<String, Map<String, PayloadDecoder>> bySite) {
        this.bySite = bySite;
    }

    public static PayloadProfiles of(List<Site> sites) {
        Map<String, Map<String, PayloadDecoder>> map = new HashMap<>();
        for (Site site : sites) {
            // one decoder per profile: the devices of a kind share it
            Map<PayloadProfile, PayloadDecoder> decoders = new IdentityHashMap<>();
            Map<String, PayloadDecoder> devices = new HashMap<>();
            for (Device d : site.devices()) {
                if (d.payload() != null) devices.put(d.id(), decoders.computeIfAbsent(d.payload(), ProfileDecoder::new));
            }
            if (!devices.isEmpty()) map.put(site.id(), Map.copyOf(devices));
        }
        return new PayloadProfiles(Map.copyOf(map));
    }

    @Override
    public PayloadDecoder forDevice(String site, String device) {
        Map<String, PayloadDecoder> devices = bySite.get(site);
        return devices == null ? null : devices.get(device);
    }
}
