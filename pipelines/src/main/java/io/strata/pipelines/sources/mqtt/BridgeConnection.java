package io.strata.pipelines.sources.mqtt;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.util.concurrent.ScheduledFuture;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One device connection. A QoS 1 publish is PUBACKed only after Kafka acknowledged its record, in
 * arrival order ({@link AckQueue}); Kafka's callbacks hop back onto this channel's event loop, the
 * only thread that touches this object's state.
 */
final class BridgeConnection extends SimpleChannelInboundHandler<MqttMessage> {

    private final MqttBridge bridge;
    private final AckQueue pending = new AckQueue();
    private String clientId;
    private long lastReadNanos = System.nanoTime();
    private ScheduledFuture<?> keepAliveCheck;

    BridgeConnection(MqttBridge bridge) {
        this.bridge = bridge;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
        lastReadNanos = System.nanoTime();
        if (msg.decoderResult().isFailure()) {
            close(ctx, "malformed packet: " + msg.decoderResult().cause().getMessage());
            return;
        }
        MqttMessageType type = msg.fixedHeader().messageType();
        if (clientId == null && type != MqttMessageType.CONNECT) {
            close(ctx, type + " before CONNECT");
            return;
        }
        switch (type) {
            case CONNECT -> connect(ctx, (MqttConnectMessage) msg);
            case PUBLISH -> publish(ctx, (MqttPublishMessage) msg);
            case PINGREQ -> ctx.writeAndFlush(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGRESP, false,
                    MqttQoS.AT_MOST_ONCE, false, 0)));
            case SUBSCRIBE -> refuseSubscribe(ctx, (MqttSubscribeMessage) msg);
            case UNSUBSCRIBE -> ctx.writeAndFlush(MqttMessageBuilders.unsubAck()
                    .packetId(((MqttUnsubscribeMessage) msg).variableHeader().messageId()).build());
            case DISCONNECT -> ctx.close();
            default -> close(ctx, type + " is not expected from a device (this endpoint supports QoS 0 and 1)");
        }
    }

    private void connect(ChannelHandlerContext ctx, MqttConnectMessage msg) {
        if (clientId != null) {
            close(ctx, "a second CONNECT on one connection");
            return;
        }
        int version = msg.variableHeader().version();
        String id = msg.payload().clientIdentifier();
        MqttConnectReturnCode refusal = null;
        if (version != 3 && version != 4) {
            refusal = MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION;
        } else if (id == null || id.isEmpty() && !msg.variableHeader().isCleanSession()) {
            refusal = MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED;
        } else if (!bridge.credentialsMatch(msg.payload().userName(), msg.payload().passwordInBytes())) {
            refusal = MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD;
        }
        if (refusal != null) {
            bridge.log("refused connection from " + ctx.channel().remoteAddress() + " client=" + id + ": " + refusal
                    + (version != 3 && version != 4 ? " (protocol level " + version + "; this endpoint speaks MQTT 3.1.1)" : ""));
            ctx.writeAndFlush(MqttMessageBuilders.connAck().returnCode(refusal).build()).addListener(f -> ctx.close());
            return;
        }
        clientId = id.isEmpty() ? "anonymous-" + ctx.channel().id().asShortText() : id;
        bridge.register(clientId, ctx.channel());
        ctx.writeAndFlush(MqttMessageBuilders.connAck().returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED)
                .sessionPresent(false).build());
        int keepAlive = msg.variableHeader().keepAliveTimeSeconds();
        if (keepAlive > 0) {
            long limit = TimeUnit.SECONDS.toNanos(keepAlive) * 3 / 2;
            keepAliveCheck = ctx.executor().scheduleAtFixedRate(() -> {
                if (System.nanoTime() - lastReadNanos > limit) {
                    close(ctx, "nothing received for 1.5 x keep-alive (" + keepAlive + " s)");
                }
            }, keepAlive, Math.max(1, keepAlive / 2), TimeUnit.SECONDS);
        }
    }

    private void publish(ChannelHandlerContext ctx, MqttPublishMessage msg) {
        MqttQoS qos = msg.fixedHeader().qosLevel();
        String topic = msg.variableHeader().topicName();
        if (qos == MqttQoS.EXACTLY_ONCE) {
            close(ctx, "QoS 2 publish on '" + topic + "' refused: this endpoint supports QoS 0 and 1");
            return;
        }
        String problem = TopicFilter.problemWithTopicName(topic);
        if (problem != null) {
            close(ctx, problem);
            return;
        }
        if (!bridge.options().filter().matches(topic)) {
            close(ctx, "publish on '" + topic + "' is outside --filter '" + bridge.options().filter()
                    + "' (MQTT 3.1.1 has no negative PUBACK, so the connection is closed)");
            return;
        }
        RecordMapping.Mapped mapped = bridge.options().mapping().map(topic, ByteBufUtil.getBytes(msg.content()));
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(bridge.options().topic(), mapped.key(), mapped.value());
        int packetId = msg.variableHeader().packetId();
        AckQueue.Slot slot = qos == MqttQoS.AT_LEAST_ONCE ? pending.add(packetId) : null;
        if (pending.size() >= bridge.options().maxInflight()) {
            ctx.channel().config().setAutoRead(false);
        }
        try {
            bridge.producer().send(record, (metadata, error) -> ctx.executor().execute(() -> {
                if (error != null) {
                    bridge.failed(error);
                    close(ctx, "Kafka did not take a record from '" + topic + "': " + error.getClass().getSimpleName()
                            + ": " + error.getMessage() + " (not acknowledged; the device will send it again)");
                    return;
                }
                bridge.forwarded();
                if (slot != null && ctx.channel().isActive()) {
                    acknowledge(ctx, pending.complete(slot));
                }
            }));
        } catch (RuntimeException e) {
            bridge.failed(e);
            close(ctx, "Kafka send failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void acknowledge(ChannelHandlerContext ctx, List<Integer> packetIds) {
        for (int id : packetIds) {
            ctx.write(MqttMessageBuilders.pubAck().packetId(id).build());
        }
        if (!packetIds.isEmpty()) {
            ctx.flush();
            bridge.acknowledged(packetIds.size());
        }
        if (!ctx.channel().config().isAutoRead() && pending.size() < bridge.options().maxInflight() / 2 + 1) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void refuseSubscribe(ChannelHandlerContext ctx, MqttSubscribeMessage msg) {
        var ack = MqttMessageBuilders.subAck().packetId(msg.variableHeader().messageId());
        msg.payload().topicSubscriptions().forEach(s -> ack.addGrantedQos(MqttQoS.FAILURE));
        ctx.writeAndFlush(ack.build());
    }

    private void close(ChannelHandlerContext ctx, String reason) {
        if (ctx.channel().isOpen()) {
            bridge.log("closing connection client=" + clientId + " from " + ctx.channel().remoteAddress() + ": " + reason);
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (keepAliveCheck != null) {
            keepAliveCheck.cancel(false);
        }
        if (clientId != null) {
            bridge.unregister(clientId, ctx.channel());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        close(ctx, cause.getClass().getSimpleName() + ": " + String.valueOf(cause.getMessage()).lines().findFirst().orElse(""));
    }
}
