package io.hazardgate.config;

import io.hazardgate.config.device.Hj212Device;
import io.hazardgate.config.device.ModbusDevice;
import io.hazardgate.config.device.OpcUaDevice;
import io.hazardgate.config.device.PayloadProfile;
import io.hazardgate.config.device.RegisterPoint;
import io.hazardgate.config.device.SparkplugDevice;
import io.hazardgate.config.site.Device;
import io.hazardgate.config.site.Sensor;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a site's {@code payloads} (JSON profiles) and each device's protocol block ({@code payload},
 * {@code modbus}, {@code hj212}), once the site's sensors are known, so a mapping that names a tag the
 * site does not have, or a tag of another device, fails naming the device and the field.
 */
final class DeviceLoader {
    static final Set<String> DEVICE_KEYS = Set.of("id", "name", "payload", "modbus", "hj212", "sparkplug", "opcua");
    /** Deepest path a profile may name; payloads are bounded by the MQTT packet size anyway. */
    private static final int MAX_PATH = 16;

    private DeviceLoader() {}

    /** The site's named JSON profiles. */
    static Map<String, PayloadProfile> payloads(ConfigNode list, Map<String, Sensor> sensors) {
        Map<String, PayloadProfile> out = new LinkedHashMap<>();
        for (ConfigNode n : list.elements()) {
            PayloadProfile p = payload(n, sensors);
            if (out.putIfAbsent(p.id(), p) != null) throw n.get("id").error("duplicate payload profile '" + p.id() + "'");
        }
        return out;
    }

    /** A device with its protocol block resolved. */
    static Device device(ConfigNode n, Map<String, PayloadProfile> payloads, Map<String, Sensor> sensors) {
        String id = n.get("id").identifier();
        String name = n.has("name") ? NameLoader.load(n.get("name"), "").text() : "";
        int blocks = (n.has("payload") ? 1 : 0) + (n.has("modbus") ? 1 : 0) + (n.has("hj212") ? 1 : 0) + (n.has("sparkplug") ? 1 : 0)
                + (n.has("opcua") ? 1 : 0);
        if (blocks > 1) {
            throw n.error("device '" + id + "' may have only one of payload (MQTT), modbus, hj212, sparkplug and opcua: a logger speaks one protocol");
        }
        PayloadProfile payload = null;
        if (n.has("payload")) {
            String ref = n.get("payload").identifier();
            payload = payloads.get(ref);
            if (payload == null) {
                throw n.get("payload").error("unknown payload profile '" + ref + "' (the site's payloads: "
                        + String.join(", ", payloads.keySet()) + ")");
            }
        }
        ModbusDevice modbus = n.has("modbus") ? modbus(n.get("modbus"), id, sensors) : null;
        Hj212Device hj212 = n.has("hj212") ? hj212(n.get("hj212"), id, sensors) : null;
        SparkplugDevice sparkplug = n.has("sparkplug") ? sparkplug(n.get("sparkplug"), id, sensors) : null;
        OpcUaDevice opcua = n.has("opcua") ? opcua(n.get("opcua"), id, sensors) : null;
        return new Device(id, name, payload, modbus, hj212, sparkplug, opcua);
    }

    private static PayloadProfile payload(ConfigNode n, Map<String, Sensor> sensors) {
        n.requireObject();
        n.rejectUnknown(Set.of("id", "readings", "at", "name", "value", "time", "itemTime", "quality", "skip", "fields"));
        String id = n.get("id").identifier();
        String shapeText = n.get("readings").oneOf(List.of("flat", "array"), "flat");
        PayloadProfile.Shape shape = shapeText.equals("flat") ? PayloadProfile.Shape.FLAT : PayloadProfile.Shape.ARRAY;
        List<String> at = path(n.get("at"), List.of());
        List<String> name = List.of();
        List<String> value = List.of();
        PayloadProfile.TimeField itemTime = null;
        PayloadProfile.QualityField quality = null;
        Set<String> skip = new HashSet<>();
        if (shape == PayloadProfile.Shape.ARRAY) {
            name = path(n.get("name"), List.of("name"));
            value = path(n.get("value"), List.of("value"));
            if (n.has("itemTime")) itemTime = time(n.get("itemTime"));
            if (n.has("quality")) quality = quality(n.get("quality"));
            if (n.has("skip")) throw n.get("skip").error("applies only to readings: flat");
        } else {
            for (String k : List.of("name", "value", "itemTime", "quality")) {
                if (n.has(k)) throw n.get(k).error("applies only to readings: array (a flat object's member names are the readings' names)");
            }
            for (ConfigNode s : n.get("skip").elements()) skip.add(s.string());
        }
        PayloadProfile.TimeField time = n.has("time") ? time(n.get("time")) : null;
        if (time != null && shape == PayloadProfile.Shape.FLAT && time.path().size() == at.size() + 1
                && time.path().subList(0, at.size()).equals(at)) {
            skip.add(time.path().get(at.size())); // the timestamp beside the readings is not one of them
        }
        Map<String, PayloadProfile.FieldMap> fields = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : n.get("fields").entries()) fields.put(e.getKey(), field(e.getKey(), e.getValue(), sensors));
        return new PayloadProfile(id, shape, at, name, value, time, itemTime, quality, Set.copyOf(skip), Map.copyOf(fields));
    }

    private static PayloadProfile.FieldMap field(String source, ConfigNode n, Map<String, Sensor> sensors) {
        n.requireObject();
        n.rejectUnknown(Set.of("tag", "scale", "offset", "unit"));
        String tag = n.get("tag").identifier(source);
        Sensor sensor = sensors.get(tag);
        if (sensor == null) throw (n.has("tag") ? n.get("tag") : n).error("tag '" + tag + "' is not a sensor of this site");
        double scale = n.get("scale").number(1);
        if (scale == 0) throw n.get("scale").error("must not be 0");
        double offset = n.get("offset").number(0);
        double[] unit = unit(n.get("unit"), sensor);
        return new PayloadProfile.FieldMap(tag, scale * unit[0], offset * unit[0] + unit[1]);
    }

    /** The conversion from a declared unit to the sensor's; identity when none is declared. */
    private static double[] unit(ConfigNode n, Sensor sensor) {
        if (n.isMissing()) return new double[] {1, 0};
        String from = n.string();
        double[] c = Units.conversion(from, sensor.unit());
        if (c == null) {
            throw n.error("'" + from + "' does not convert to '" + sensor.unit() + "', the unit of sensor " + sensor.tag()
                    + " (give scale and offset instead, or fix the sensor's unit)");
        }
        return c;
    }

    private static PayloadProfile.TimeField time(ConfigNode n) {
        if (!n.isObject()) return new PayloadProfile.TimeField(path(n, null), PayloadProfile.TimeFormat.MILLIS, ZoneOffset.UTC);
        n.rejectUnknown(Set.of("field", "unit", "zone"));
        List<String> path = path(n.get("field"), null);
        if (path.isEmpty()) throw n.get("field").error("is required");
        String unit = n.get("unit").oneOf(List.of("s", "ms", "iso"), "ms");
        PayloadProfile.TimeFormat f = switch (unit) {
            case "s" -> PayloadProfile.TimeFormat.SECONDS;
            case "iso" -> PayloadProfile.TimeFormat.ISO;
            default -> PayloadProfile.TimeFormat.MILLIS;
        };
        ZoneId zone = ZoneOffset.UTC;
        if (n.has("zone")) {
            try {
                zone = ZoneId.of(n.get("zone").string());
            } catch (DateTimeException e) {
                throw n.get("zone").error("is not a time zone (use a region such as Asia/Shanghai or an offset such as +08:00): "
                        + e.getMessage());
            }
        }
        return new PayloadProfile.TimeField(path, f, zone);
    }

    private static PayloadProfile.QualityField quality(ConfigNode n) {
        if (!n.isObject()) return new PayloadProfile.QualityField(path(n, null), Set.of("good"), Set.of("bad"));
        n.rejectUnknown(Set.of("field", "good", "bad"));
        Set<String> good = new HashSet<>();
        Set<String> bad = new HashSet<>();
        for (ConfigNode g : n.get("good").elements()) good.add(g.string());
        for (ConfigNode b : n.get("bad").elements()) bad.add(b.string());
        if (good.isEmpty()) good.add("good");
        if (bad.isEmpty()) bad.add("bad");
        return new PayloadProfile.QualityField(path(n.get("field"), null), Set.copyOf(good), Set.copyOf(bad));
    }

    /** A dotted path such as {@code data.points}; empty text is the message itself. */
    private static List<String> path(ConfigNode n, List<String> dflt) {
        if (n.isMissing()) {
            if (dflt == null) throw n.error("is required");
            return dflt;
        }
        String text = n.isText() ? n.text() : n.string();
        if (text.isEmpty()) return List.of();
        List<String> parts = Arrays.asList(text.split("\\.", -1));
        if (parts.contains("")) throw n.error("'" + text + "' is not a path of member names separated by '.'");
        if (parts.size() > MAX_PATH) throw n.error("is deeper than " + MAX_PATH + " members");
        return List.copyOf(parts);
    }

    private static ModbusDevice modbus(ConfigNode n, String device, Map<String, Sensor> sensors) {
        n.requireObject();
        n.rejectUnknown(Set.of("host", "port", "framing", "unit", "period", "timeout", "backoffMax", "points"));
        String host = n.get("host").string();
        int port = n.get("port").integer(ModbusDevice.DEFAULT_PORT, 1, 65535);
        String framing = n.get("framing").oneOf(List.of("tcp", "rtu-over-tcp"), "tcp");
        int unit = n.get("unit").integer(1, 0, 247);
        Duration period = n.get("period").duration(ModbusDevice.DEFAULT_PERIOD);
        if (period.compareTo(Duration.ofMillis(100)) < 0) throw n.get("period").error("must be at least 100ms");
        Duration timeout = n.get("timeout").duration(ModbusDevice.DEFAULT_TIMEOUT);
        if (timeout.isZero() || timeout.compareTo(period) > 0) {
            throw n.get("timeout").error("must be longer than 0 and at most the poll period (" + n.get("period").string(period.toString()) + ")");
        }
        Duration backoff = n.get("backoffMax").duration(ModbusDevice.DEFAULT_BACKOFF_MAX);
        if (backoff.compareTo(period) < 0) throw n.get("backoffMax").error("must be at least the poll period");
        List<RegisterPoint> points = new ArrayList<>();
        Set<String> tags = new HashSet<>();
        for (ConfigNode p : n.get("points").elements()) {
            RegisterPoint rp = point(p, device, sensors);
            if (!tags.add(rp.tag())) throw p.get("tag").error("tag '" + rp.tag() + "' is mapped twice in device '" + device + "'");
            points.add(rp);
        }
        if (points.isEmpty()) throw n.get("points").error("device '" + device + "' polls nothing: give at least one point");
        return new ModbusDevice(host, port, framing.equals("tcp") ? ModbusDevice.Framing.TCP : ModbusDevice.Framing.RTU_OVER_TCP,
                unit, period, timeout, backoff, List.copyOf(points));
    }

    private static RegisterPoint point(ConfigNode p, String device, Map<String, Sensor> sensors) {
        p.requireObject();
        p.rejectUnknown(Set.of("tag", "table", "address", "type", "order", "scale", "offset", "fault"));
        String tag = ownTag(p.get("tag"), device, sensors);
        RegisterPoint.Table table = table(p.get("table"), RegisterPoint.Table.HOLDING);
        int address = p.get("address").integer(-1, 0, 65535);
        if (address < 0) throw p.get("address").error("is required (the zero-based register address)");
        String typeText = p.get("type").oneOf(List.of("int16", "uint16", "int32", "uint32", "float32", "bool"),
                table.isBits() ? "bool" : "uint16");
        RegisterPoint.ValueType type = RegisterPoint.ValueType.valueOf(typeText.toUpperCase(Locale.ROOT));
        if (table.isBits() != (type == RegisterPoint.ValueType.BOOL)) {
            throw p.get("type").error(table.isBits() ? "coils and discrete inputs are bool" : "bool applies to coils and discrete inputs");
        }
        if (address + type.registers() > 65536) throw p.get("address").error("the value runs past register 65535");
        String orderText = p.get("order").oneOf(List.of("ABCD", "CDAB", "BADC", "DCBA"), "ABCD");
        double scale = p.get("scale").number(1);
        if (scale == 0) throw p.get("scale").error("must not be 0");
        RegisterPoint.FaultBit fault = null;
        ConfigNode f = p.get("fault");
        if (!f.isMissing()) {
            f.requireObject();
            f.rejectUnknown(Set.of("table", "address", "bit", "active"));
            RegisterPoint.Table ft = table(f.get("table"), table.isBits() ? RegisterPoint.Table.DISCRETE : table);
            int fa = f.get("address").integer(-1, 0, 65535);
            if (fa < 0) throw f.get("address").error("is required");
            int bit = f.get("bit").integer(0, 0, 15);
            if (ft.isBits() && bit != 0) throw f.get("bit").error("a coil or discrete input has only bit 0");
            String active = f.get("active").oneOf(List.of("high", "low"), "high");
            fault = new RegisterPoint.FaultBit(ft, fa, bit, active.equals("high"));
        }
        return new RegisterPoint(tag, table, address, type, RegisterPoint.ByteOrder.valueOf(orderText), scale,
                p.get("offset").number(0), fault);
    }

    private static RegisterPoint.Table table(ConfigNode n, RegisterPoint.Table dflt) {
        String t = n.oneOf(List.of("holding", "input", "coil", "discrete"), dflt.name().toLowerCase(Locale.ROOT));
        return RegisterPoint.Table.valueOf(t.toUpperCase(Locale.ROOT));
    }

    private static Hj212Device hj212(ConfigNode n, String device, Map<String, Sensor> sensors) {
        n.requireObject();
        n.rejectUnknown(Set.of("mn", "password", "factors", "zone"));
        String mn = n.get("mn").string();
        if (mn.length() > Hj212Device.MAX_MN || !mn.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ';' && c != '=' && c != '&')) {
            throw n.get("mn").error("must be 1 to " + Hj212Device.MAX_MN + " printable ASCII characters without ';', '=' or '&'");
        }
        String pw = n.get("password").string();
        if (pw.length() > Hj212Device.MAX_PW || !pw.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ';' && c != '=' && c != '&')) {
            throw n.get("password").error("must be 1 to " + Hj212Device.MAX_PW + " printable ASCII characters (HJ 212-2017 PW)");
        }
        Map<String, String> factors = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : n.get("factors").entries()) {
            factors.put(e.getKey(), ownTag(e.getValue(), device, sensors));
        }
        ZoneId zone = Hj212Device.DEFAULT_ZONE;
        if (n.has("zone")) {
            try {
                zone = ZoneId.of(n.get("zone").string());
            } catch (DateTimeException e) {
                throw n.get("zone").error("is not a time zone (such as Asia/Shanghai or +08:00): " + e.getMessage());
            }
        }
        return new Hj212Device(mn, pw, Map.copyOf(factors), zone);
    }

    private static SparkplugDevice sparkplug(ConfigNode n, String device, Map<String, Sensor> sensors) {
        n.requireObject();
        n.rejectUnknown(Set.of("group", "node", "device", "metrics"));
        String group = sparkplugId(n.get("group"));
        String node = sparkplugId(n.get("node"));
        String spDevice = n.has("device") ? sparkplugId(n.get("device")) : "";
        Map<String, String> metrics = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : n.get("metrics").entries()) metrics.put(e.getKey(), ownTag(e.getValue(), device, sensors));
        return new SparkplugDevice(group, node, spDevice, Map.copyOf(metrics));
    }

    /** A Sparkplug id is a topic level: no '/', '+' or '#' (Sparkplug B 3.0 §4.1.1). */
    private static String sparkplugId(ConfigNode n) {
        String s = n.string();
        if (s.contains("/") || s.contains("+") || s.contains("#")) throw n.error("'" + s + "' must not contain '/', '+' or '#'");
        return s;
    }

    /** {@code ns=<index>;<i|s|g|b>=<identifier>}, or {@code i=<n>} in namespace 0 (OPC UA Part 6 §5.3.1.10). */
    private static final java.util.regex.Pattern NODE_ID =
            java.util.regex.Pattern.compile("(ns=\\d{1,5};)?(i=\\d{1,10}|s=.{1,4096}|g=[0-9a-fA-F-]{36}|b=[A-Za-z0-9+/=]{1,4096})");

    private static OpcUaDevice opcua(ConfigNode n, String device, Map<String, Sensor> sensors) {
        n.requireObject();
        n.rejectUnknown(Set.of("endpoint", "security", "username", "password", "userCertificate", "userKey",
                "publishingInterval", "reconnectMax", "points"));
        String endpoint = n.get("endpoint").string();
        java.net.URI uri;
        try {
            uri = new java.net.URI(endpoint);
        } catch (java.net.URISyntaxException e) {
            throw n.get("endpoint").error("'" + endpoint + "' is not a URL: " + e.getReason());
        }
        if (!"opc.tcp".equals(uri.getScheme()) || uri.getHost() == null) {
            throw n.get("endpoint").error("'" + endpoint + "' must be opc.tcp://host[:port][/path]");
        }
        ConfigNode sec = n.get("security");
        if (!sec.isMissing()) {
            sec.requireObject();
            sec.rejectUnknown(Set.of("policy", "mode", "serverThumbprint"));
        }
        OpcUaDevice.Policy policy = OpcUaDevice.Policy.valueOf(sec.get("policy").oneOf(
                java.util.Arrays.stream(OpcUaDevice.Policy.values()).map(Enum::name).toList(), OpcUaDevice.DEFAULT_POLICY.name()));
        OpcUaDevice.Mode defaultMode = policy == OpcUaDevice.Policy.None ? OpcUaDevice.Mode.None : OpcUaDevice.DEFAULT_MODE;
        OpcUaDevice.Mode mode = OpcUaDevice.Mode.valueOf(sec.get("mode").oneOf(
                java.util.Arrays.stream(OpcUaDevice.Mode.values()).map(Enum::name).toList(), defaultMode.name()));
        if ((policy == OpcUaDevice.Policy.None) != (mode == OpcUaDevice.Mode.None)) {
            throw sec.get("mode").error("mode " + mode + " does not go with policy " + policy
                    + " (policy None means mode None; a signing policy needs Sign or SignAndEncrypt)");
        }
        String thumbprint = null;
        if (sec.has("serverThumbprint")) {
            thumbprint = sec.get("serverThumbprint").string().replace(":", "").replace(" ", "").toUpperCase(java.util.Locale.ROOT);
            if (!thumbprint.matches("[0-9A-F]{64}")) {
                throw sec.get("serverThumbprint").error("must be a SHA-256 thumbprint: 64 hex digits (colons allowed)");
            }
            if (policy == OpcUaDevice.Policy.None) throw sec.get("serverThumbprint").error("policy None uses no server certificate");
        }
        String user = n.has("username") ? n.get("username").string() : null;
        String password = n.has("password") ? n.get("password").string() : null;
        if ((user == null) != (password == null)) {
            throw n.get(user == null ? "password" : "username").error("username and password go together (neither for anonymous login)");
        }
        Path userCert = n.has("userCertificate") ? readableFile(n.get("userCertificate")) : null;
        Path userKey = n.has("userKey") ? readableFile(n.get("userKey")) : null;
        if ((userCert == null) != (userKey == null)) {
            throw n.get(userCert == null ? "userKey" : "userCertificate").error("userCertificate and userKey go together");
        }
        if (userCert != null && user != null) {
            throw n.get("userCertificate").error("log in either by username or by userCertificate, not both");
        }
        Duration publishing = n.get("publishingInterval").duration(OpcUaDevice.DEFAULT_PUBLISHING_INTERVAL);
        if (publishing.compareTo(Duration.ofMillis(50)) < 0) throw n.get("publishingInterval").error("must be at least 50ms");
        Duration reconnect = n.get("reconnectMax").duration(OpcUaDevice.DEFAULT_RECONNECT_MAX);
        if (reconnect.compareTo(OpcUaDevice.FIRST_RECONNECT) < 0) throw n.get("reconnectMax").error("must be at least 1s");
        List<OpcUaDevice.OpcUaPoint> points = new ArrayList<>();
        Set<String> tags = new HashSet<>();
        Set<String> nodes = new HashSet<>();
        for (ConfigNode p : n.get("points").elements()) {
            p.requireObject();
            p.rejectUnknown(Set.of("tag", "node", "sampling", "deadband", "scale", "offset"));
            String tag = ownTag(p.get("tag"), device, sensors);
            if (!tags.add(tag)) throw p.get("tag").error("tag '" + tag + "' is mapped twice in device '" + device + "'");
            String node = p.get("node").string();
            if (!NODE_ID.matcher(node).matches()) {
                throw p.get("node").error("'" + node + "' is not a node id such as ns=2;s=Tank1.Level or ns=3;i=1002");
            }
            if (!nodes.add(node)) throw p.get("node").error("node '" + node + "' is mapped twice in device '" + device + "'");
            Duration sampling = p.get("sampling").duration(OpcUaDevice.DEFAULT_SAMPLING_INTERVAL);
            if (sampling.isNegative()) throw p.get("sampling").error("must not be negative");
            double deadband = p.get("deadband").number(0);
            if (!(deadband >= 0)) throw p.get("deadband").error("must be 0 or more (an absolute change in the node's own unit)");
            double scale = p.get("scale").number(1);
            if (scale == 0) throw p.get("scale").error("must not be 0");
            points.add(new OpcUaDevice.OpcUaPoint(tag, node, sampling, deadband, scale, p.get("offset").number(0)));
        }
        if (points.isEmpty()) throw n.get("points").error("device '" + device + "' monitors nothing: give at least one point");
        if (points.size() > OpcUaDevice.MAX_POINTS) throw n.get("points").error("more than " + OpcUaDevice.MAX_POINTS + " points");
        return new OpcUaDevice(endpoint, policy, mode, thumbprint, user, password, userCert, userKey, publishing, reconnect,
                List.copyOf(points));
    }

    /** A file named relative to the site file, which must exist and be readable. */
    private static Path readableFile(ConfigNode n) {
        Path site = Path.of(n.file()).toAbsolutePath().getParent();
        Path f = site.resolve(n.string()).normalize();
        if (!java.nio.file.Files.isRegularFile(f) || !java.nio.file.Files.isReadable(f)) {
            throw n.error("cannot read " + f);
        }
        return f;
    }

    /** A tag of a sensor of this site that is not another device's. */
    private static String ownTag(ConfigNode n, String device, Map<String, Sensor> sensors) {
        String tag = n.identifier();
        Sensor s = sensors.get(tag);
        if (s == null) throw n.error("tag '" + tag + "' is not a sensor of this site");
        if (!s.device().isEmpty() && !s.device().equals(device)) {
            throw n.error("tag '" + tag + "' belongs to device '" + s.device() + "', not '" + device + "'");
        }
        return tag;
    }
}
