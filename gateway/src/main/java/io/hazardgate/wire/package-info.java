/** JSON string escaping shared by the hand-written messages. Uses nothing else of the gateway. */
package io.hazardgate.wire;
