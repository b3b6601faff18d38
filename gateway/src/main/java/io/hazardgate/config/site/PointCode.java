package io.hazardgate.config.site;

/**
 * How the platforms know one monitoring point (指标/位号).
 *
 * @param code      the point (indicator) code the platforms assign
 * @param equipment id of the equipment it belongs to, empty when none
 * @param unit      the unit as the platform writes it, when it differs from the sensor's; empty otherwise
 */
public record PointCode(String code, String equipment, String unit) {}
