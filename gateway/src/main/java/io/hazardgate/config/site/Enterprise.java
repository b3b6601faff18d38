package io.hazardgate.config.site;

/**
 * The enterprise a site belongs to, as the supervision platforms know it.
 *
 * @param code       the enterprise code the platforms assign (the key of every message sent upstream);
 *                   empty when the site is reported to no platform
 * @param name       the registered name
 * @param creditCode the unified social credit code (统一社会信用代码, GB 32100), empty when not given
 * @param region     the administrative division code (GB/T 2260, six digits), empty when not given
 */
public record Enterprise(String code, String name, String creditCode, String region) {
    public boolean hasCode() { return !code.isEmpty(); }
}
