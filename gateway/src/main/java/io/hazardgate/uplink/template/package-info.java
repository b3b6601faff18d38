/**
 * Writing a message through the platform's template ({@link io.hazardgate.uplink.template.TemplateRenderer})
 * from the values the message offers ({@link io.hazardgate.uplink.template.Context}). May use
 * {@code config}.
 */
package io.hazardgate.uplink.template;
