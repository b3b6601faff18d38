package io.hazardgate.mqtt.handler;

import io.hazardgate.mqtt.connection.BrokerServices;
import io.hazardgate.mqtt.handler.connect.ConnectHandler;
import io.hazardgate.mqtt.handler.connect.DisconnectHandler;
import io.hazardgate.mqtt.handler.publish.InboundPublishFlow;
import io.hazardgate.mqtt.handler.publish.OutboundAckFlow;
import io.hazardgate.mqtt.handler.subscribe.SubscribeHandler;
import io.hazardgate.mqtt.handler.subscribe.UnsubscribeHandler;

/** The stateless packet handlers, created once per server and shared by every connection. */
public record PacketHandlers(
        ConnectHandler connect,
        DisconnectHandler disconnect,
        InboundPublishFlow inboundPublish,
        OutboundAckFlow outboundAcks,
        SubscribeHandler subscribe,
        UnsubscribeHandler unsubscribe) {

    public static PacketHandlers create(BrokerServices services) {
        return new PacketHandlers(new ConnectHandler(services), new DisconnectHandler(services),
                new InboundPublishFlow(services), new OutboundAckFlow(), new SubscribeHandler(services),
                new UnsubscribeHandler(services));
    }
}
