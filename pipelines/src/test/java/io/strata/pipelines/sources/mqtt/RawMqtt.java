package io.strata.pipelines.sources.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A blocking MQTT client on a plain socket, for sending what a well-behaved client would not. */
final class RawMqtt implements AutoCloseable {

    private final Socket socket;
    private final EmbeddedChannel codec = new EmbeddedChannel(new MqttDecoder(), MqttEncoder.INSTANCE);

    private RawMqtt(Socket socket) {
        this.socket = socket;
    }

    static RawMqtt connect(int port, String clientId, String user, String password) throws IOException {
        RawMqtt c = new RawMqtt(new Socket("127.0.0.1", port));
        c.socket.setSoTimeout(10_000);
        c.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_3_1_1).clientId(clientId).cleanSession(true)
                .keepAlive(30).hasUser(true).username(user).hasPassword(true)
                .password(password.getBytes(StandardCharsets.UTF_8)).build());
        return c;
    }

    int connAckCode() throws IOException {
        MqttMessage m = read();
        if (!(m instanceof MqttConnAckMessage ack)) {
            throw new AssertionError("expected CONNACK, got " + m);
        }
        return ack.variableHeader().connectReturnCode().byteValue();
    }

    void publish(String topic, int qos, int packetId, String payload) throws IOException {
        send(new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.valueOf(qos), false, 0),
                new MqttPublishVariableHeader(topic, packetId), Unpooled.copiedBuffer(payload, StandardCharsets.UTF_8)));
    }

    /** True when the broker closes the connection (end of stream) within the socket timeout. */
    boolean closedByBroker() throws IOException {
        try {
            InputStream in = socket.getInputStream();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the peer
        }
    }

    private void send(MqttMessage m) throws IOException {
        codec.writeOutbound(m);
        ByteBuf out;
        while ((out = codec.readOutbound()) != null) {
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            out.release();
            socket.getOutputStream().write(bytes);
        }
        socket.getOutputStream().flush();
    }

    private MqttMessage read() throws IOException {
        InputStream in = socket.getInputStream();
        MqttMessage m;
        while ((m = codec.readInbound()) == null) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("connection closed before a whole packet came");
            }
            codec.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) b}));
        }
        return m;
    }

    @Override
    public void close() throws IOException {
        codec.finishAndReleaseAll();
        socket.close();
    }
}
