package io.strata.pipelines.sources.mqtt;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttVersion;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * One simulated device: its own MQTT connection on one event loop, the only thread touching its
 * {@link Outbox}. Reconnects with backoff when the connection goes and re-sends what was not
 * acknowledged.
 */
final class DeviceClient {

    interface Listener {
        void acknowledged(String deviceId, int seq);

        void finished(DeviceClient device, String failure);
    }

    private static final int KEEP_ALIVE_SECONDS = 30;

    private final DeviceOptions options;
    private final String deviceId;
    private final String topic;
    private final EventLoop loop;
    private final Listener listener;
    private final Outbox outbox;
    private final Pace pace;
    private final Random random;
    /** The payload of every message sent and not acknowledged: a re-send repeats it byte for byte. */
    private final Map<Integer, byte[]> payloads = new HashMap<>();
    private final long startNanos;
    private Channel channel;
    private boolean connected;
    private boolean finished;
    private long backoffMillis = 100;
    /** Stamps each reading, as a device's own clock would. */
    private final Clock clock;

    DeviceClient(DeviceOptions options, int index, EventLoop loop, Listener listener, long startNanos, Clock clock) {
        this.options = options;
        this.clock = clock;
        this.deviceId = options.deviceId(index);
        this.topic = options.topicOf(deviceId);
        this.loop = loop;
        this.listener = listener;
        this.outbox = new Outbox(options.messages(), options.qos() == 0 ? Integer.MAX_VALUE : options.maxInflight());
        this.pace = new Pace(options.rate() / options.devices());
        this.random = new Random(options.seed() * 31 + index);
        this.startNanos = startNanos;
    }

    void start() {
        loop.execute(this::connect);
        if (options.rate() > 0) {
            loop.scheduleAtFixedRate(this::pump, 10, 10, TimeUnit.MILLISECONDS);
        }
        loop.scheduleAtFixedRate(() -> {
            if (connected) {
                channel.writeAndFlush(new MqttMessage(header(MqttMessageType.PINGREQ, MqttQoS.AT_MOST_ONCE)));
            }
        }, KEEP_ALIVE_SECONDS / 2, KEEP_ALIVE_SECONDS / 2, TimeUnit.SECONDS);
    }

    String deviceId() {
        return deviceId;
    }

    int acked() {
        return outbox.acked();
    }

    private void connect() {
        if (finished) {
            return;
        }
        new Bootstrap().group(loop).channel(io.netty.channel.socket.nio.NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new MqttDecoder(), MqttEncoder.INSTANCE, new Handler());
                    }
                }).connect(options.host(), options.port()).addListener(f -> {
                    if (!f.isSuccess()) {
                        reconnectLater();
                    }
                });
    }

    private void reconnectLater() {
        if (!finished) {
            loop.schedule(this::connect, backoffMillis, TimeUnit.MILLISECONDS);
            backoffMillis = Math.min(2_000, backoffMillis * 2);
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<MqttMessage> {

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channel = ctx.channel();
            var connect = MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_3_1_1).clientId(deviceId)
                    .cleanSession(true).keepAlive(KEEP_ALIVE_SECONDS);
            if (options.username() != null) {
                connect.hasUser(true).username(options.username()).hasPassword(true)
                        .password(options.password().getBytes(StandardCharsets.UTF_8));
            }
            ctx.writeAndFlush(connect.build());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
            switch (msg.fixedHeader().messageType()) {
                case CONNACK -> connAck(ctx, (MqttConnAckMessage) msg);
                case PUBACK -> pubAck(((MqttMessageIdVariableHeader) msg.variableHeader()).messageId());
                default -> { }
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            pump();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            connected = false;
            reconnectLater();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private void connAck(ChannelHandlerContext ctx, MqttConnAckMessage msg) {
        MqttConnectReturnCode code = msg.variableHeader().connectReturnCode();
        if (code != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
            finish("the broker refused the connection: " + code);
            ctx.close();
            return;
        }
        connected = true;
        backoffMillis = 100;
        for (Outbox.Send s : outbox.resend()) {
            ctx.write(publish(s));
        }
        ctx.flush();
        pump();
    }

    private void pubAck(int packetId) {
        acknowledge(packetId);
        pump();
    }

    private void acknowledge(int packetId) {
        OptionalInt seq = outbox.ack(packetId);
        if (seq.isPresent()) {
            payloads.remove(seq.getAsInt());
            listener.acknowledged(deviceId, seq.getAsInt());
        }
    }

    /** Sends new messages while the window, the pace and the connection allow. */
    private void pump() {
        if (!connected || finished) {
            return;
        }
        long allowed = pace.allowed(System.nanoTime() - startNanos);
        boolean wrote = false;
        Outbox.Send s;
        while (outbox.started() < allowed && channel.isWritable() && (s = outbox.next()) != null) {
            channel.write(publish(s));
            wrote = true;
            if (options.qos() == 0) {
                acknowledge(s.packetId()); // nothing comes back for QoS 0: written counts as done
            }
        }
        if (wrote) {
            channel.flush();
        }
        if (outbox.done()) {
            channel.writeAndFlush(new MqttMessage(header(MqttMessageType.DISCONNECT, MqttQoS.AT_MOST_ONCE)));
            finish(null);
        }
    }

    private void finish(String failure) {
        if (!finished) {
            finished = true;
            listener.finished(this, failure);
        }
    }

    private MqttPublishMessage publish(Outbox.Send s) {
        byte[] json = payloads.computeIfAbsent(s.seq(), seq -> reading(seq).getBytes(StandardCharsets.UTF_8));
        MqttQoS qos = MqttQoS.valueOf(options.qos());
        return new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, s.dup(), qos, false, 0),
                new MqttPublishVariableHeader(topic, qos == MqttQoS.AT_MOST_ONCE ? -1 : s.packetId()),
                Unpooled.wrappedBuffer(json));
    }

    /** {@code {"device_id":"device-0001","seq":17,"ts":1767225600000,"value":21.375}} */
    private String reading(int seq) {
        double value = 20 + random.nextGaussian() * 2;
        return "{\"device_id\":\"" + deviceId + "\",\"seq\":" + seq + ",\"ts\":" + clock.millis()
                + ",\"value\":" + BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).toPlainString() + "}";
    }

    private static MqttFixedHeader header(MqttMessageType type, MqttQoS qos) {
        return new MqttFixedHeader(type, false, qos, false, 0);
    }
}
