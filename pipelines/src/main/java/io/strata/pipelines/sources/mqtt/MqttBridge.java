package io.strata.pipelines.sources.mqtt;

import io.strata.pipelines.sources.SourceProducers;
import io.strata.pipelines.sources.Flags;
import com.sun.net.httpserver.HttpServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An MQTT 3.1.1 endpoint that devices publish to, bridged to one Kafka topic (OPTIONS.md in this
 * package is the launch contract). Exit 0 after SIGTERM, 1 when it cannot start, 2 for a bad
 * command line.
 */
public final class MqttBridge {

    private final BridgeOptions options;
    private final Producer<String, byte[]> producer;
    private final Map<String, Channel> clients = new ConcurrentHashMap<>();
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<String> kafkaProblem = new AtomicReference<>();

    private MqttBridge(BridgeOptions options, Producer<String, byte[]> producer) {
        this.options = options;
        this.producer = producer;
    }

    public static void main(String[] args) {
        BridgeOptions options = Flags.parseOrExit("MqttBridge", BridgeOptions.USAGE, args, BridgeOptions::parse);
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Channel> server = new AtomicReference<>();
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            Channel s = server.get();
            if (s != null) {
                s.close();
            }
            try {
                done.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "mqtt-bridge-stop"));
        int code = run(options, server, stopping);
        done.countDown();
        if (!stopping.get()) {
            System.exit(code);
        }
    }

    private static int run(BridgeOptions options, AtomicReference<Channel> serverRef, AtomicBoolean stopping) {
        Producer<String, byte[]> producer = new KafkaProducer<>(producerConfig(options.bootstrap()));
        MqttBridge bridge = new MqttBridge(options, producer);
        if (!bridge.awaitTopic(stopping)) {
            producer.close(Duration.ZERO);
            return 0;
        }
        EventLoopGroup boss = new NioEventLoopGroup(1);
        EventLoopGroup workers = new NioEventLoopGroup();
        HttpServer health = null;
        try {
            Channel server = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            bridge.channels.add(ch);
                            ch.pipeline().addLast(new MqttDecoder(options.maxMessageBytes()), MqttEncoder.INSTANCE,
                                    new BridgeConnection(bridge));
                        }
                    }).bind(options.bind(), options.port()).sync().channel();
            serverRef.set(server);
            if (stopping.get()) {
                server.close();
            }
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            String ready = "MqttBridge ready mqtt=" + options.bind() + ":" + port + " topic=" + options.topic();
            if (options.healthPort() >= 0) {
                health = bridge.startHealth();
                ready += " health=http://" + options.bind() + ":" + health.getAddress().getPort() + "/health";
            }
            System.out.println(ready);
            bridge.reportUntilClosed(server);
        } catch (Exception e) {
            System.err.println("MqttBridge: cannot serve MQTT on " + options.bind() + ":" + options.port() + ": "
                    + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 1;
        } finally {
            // Flush first: the callbacks queue their PUBACKs on the event loops before the channels close.
            producer.flush();
            bridge.channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            producer.close(Duration.ofSeconds(5));
            if (health != null) {
                health.stop(0);
            }
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
            bridge.printProgress();
        }
        return 0;
    }

    /** Serving starts only once the topic's partitions are known, so "ready" means Kafka is there. */
    private boolean awaitTopic(AtomicBoolean stopping) {
        while (!stopping.get()) {
            try {
                int partitions = producer.partitionsFor(options.topic()).size();
                log("kafka topic=" + options.topic() + " partitions=" + partitions);
                return true;
            } catch (RuntimeException e) {
                log("waiting for kafka topic=" + options.topic() + " bootstrap=" + options.bootstrap() + ": "
                        + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        return false;
    }

    private void reportUntilClosed(Channel server) throws InterruptedException {
        long shown = -1;
        while (!server.closeFuture().await(5, TimeUnit.SECONDS)) {
            if (forwarded.get() != shown) {
                shown = forwarded.get();
                printProgress();
            }
        }
    }

    private void printProgress() {
        System.out.println("forwarded " + forwarded.get() + " messages (acknowledged " + acknowledged.get()
                + ", connections " + clients.size() + ")");
    }

    private HttpServer startHealth() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(options.bind(), options.healthPort()), 8);
        http.createContext("/health", exchange -> {
            String problem = kafkaProblem.get();
            byte[] body = (problem == null ? "ok forwarded=" + forwarded.get() + " connections=" + clients.size()
                    : "kafka failing: " + problem).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(problem == null ? 200 : 503, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
        return http;
    }

    private static Properties producerConfig(String bootstrap) {
        Properties p = SourceProducers.reliable(bootstrap, "strata-mqtt-bridge", 5);
        // send() runs on an event loop: never block it for long on metadata or a full buffer.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return p;
    }

    // ---------------------------------------------------------------- used by the connections

    BridgeOptions options() {
        return options;
    }

    Producer<String, byte[]> producer() {
        return producer;
    }

    boolean credentialsMatch(String username, byte[] password) {
        if (options.username() == null) {
            return true;
        }
        return username != null && password != null && options.username().equals(username)
                && MessageDigest.isEqual(options.password().getBytes(StandardCharsets.UTF_8), password);
    }

    /** A client id connecting again replaces its older connection (MQTT 3.1.1, 3.1.4). */
    void register(String clientId, Channel channel) {
        Channel older = clients.put(clientId, channel);
        if (older != null && older != channel) {
            log("client=" + clientId + " connected again; closing its older connection from " + older.remoteAddress());
            older.close();
        }
    }

    void unregister(String clientId, Channel channel) {
        clients.remove(clientId, channel);
    }

    void forwarded() {
        forwarded.incrementAndGet();
        kafkaProblem.set(null);
    }

    void acknowledged(int n) {
        acknowledged.addAndGet(n);
    }

    void failed(Throwable error) {
        kafkaProblem.set(error.getClass().getSimpleName() + ": " + error.getMessage());
    }

    void log(String line) {
        System.err.println("MqttBridge: " + line);
    }
}
