package io.hazardgate.config.device;

import java.util.Map;

/**
 * A Sparkplug B edge node (or a device behind it) whose metrics feed a logger's tags.
 *
 * @param group   the Sparkplug group id
 * @param node    the edge node id
 * @param device  the Sparkplug device id behind the node; empty: the node's own metrics (NBIRTH/NDATA)
 * @param metrics metric name to tag; a metric not listed is taken only when its name is one of the
 *                logger's tags, and ignored otherwise (node controls, properties, strings)
 */
public record SparkplugDevice(String group, String node, String device, Map<String, String> metrics) {}
