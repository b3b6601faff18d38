package io.hazardgate.config.site;

/**
 * A piece of equipment of a hazard source (a tank, a storehouse, a process unit, a dam section) that
 * monitoring points belong to, with the code the platforms know it by.
 *
 * @param source the hazard source it belongs to
 * @param kind   free text the platform may want, such as {@code tank} or {@code 储罐}; empty when not given
 */
public record Equipment(String id, String source, String code, String name, String kind) {}
