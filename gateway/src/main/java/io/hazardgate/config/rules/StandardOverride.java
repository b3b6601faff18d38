package io.hazardgate.config.rules;

/**
 * A sensor's documented permission to set an alarm above a standard's maximum (GB/T 50493-2019 §5.5.2
 * for gas detectors). Without one, such a set-point is a configuration error; with one, it loads, is
 * logged at WARN and shown with the sensor, so the deviation stays visible to whoever reviews the plant.
 *
 * @param reason     why the standard's value cannot be used, as the design review recorded it
 * @param approvedBy who approved the deviation
 */
public record StandardOverride(String reason, String approvedBy) {}
