package io.strata.pipelines.sources.mqtt;

import io.strata.pipelines.sources.Flags;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A small device simulator: N devices each publish M JSON readings over MQTT 3.1.1 (OPTIONS.md in
 * this package). Exit 0 only when every message was acknowledged (for QoS 0: written), 1 when it
 * gave up or a device was refused, 2 for a bad command line.
 */
public final class MqttDevices implements DeviceClient.Listener {

    private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong lastAckNanos = new AtomicLong(System.nanoTime());
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final CountDownLatch finished;
    private final BufferedWriter ackedFile;

    private MqttDevices(int devices, BufferedWriter ackedFile) {
        this.finished = new CountDownLatch(devices);
        this.ackedFile = ackedFile;
    }

    public static void main(String[] args) {
        DeviceOptions options = Flags.parseOrExit("MqttDevices", DeviceOptions.USAGE, args, DeviceOptions::parse);
        try {
            System.exit(run(options));
        } catch (IOException | UncheckedIOException e) {
            System.err.println("MqttDevices: cannot write --acked-file " + options.ackedFile() + ": " + e.getMessage());
            System.exit(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(1);
        }
    }

    private static int run(DeviceOptions options) throws IOException, InterruptedException {
        BufferedWriter file = options.ackedFile() == null ? null : Files.newBufferedWriter(Path.of(options.ackedFile()));
        MqttDevices devices = new MqttDevices(options.devices(), file);
        long total = (long) options.devices() * options.messages();
        EventLoopGroup group = new NioEventLoopGroup();
        long start = System.nanoTime();
        for (int i = 0; i < options.devices(); i++) {
            new DeviceClient(options, i, group.next(), devices, start, Clock.systemUTC()).start();
        }
        long giveUp = TimeUnit.SECONDS.toNanos(options.giveUpSeconds());
        long lastShown = System.nanoTime();
        String verb = options.qos() == 0 ? "sent " : "acknowledged ";
        while (!devices.finished.await(200, TimeUnit.MILLISECONDS) && devices.failure.get() == null) {
            long now = System.nanoTime();
            if (now - devices.lastAckNanos.get() > giveUp) {
                devices.failure.set("nothing acknowledged for " + options.giveUpSeconds() + " s");
            } else if (now - lastShown >= PROGRESS_NANOS) {
                System.out.println(verb + devices.acknowledged.get() + " of " + total + " messages");
                lastShown = now;
            }
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        double seconds = (System.nanoTime() - start) / 1e9;
        long acked = devices.acknowledged.get();
        if (file != null) {
            synchronized (devices) {
                file.close();
            }
        }
        System.out.printf("%s%d of %d messages in %.1f s (%.0f msgs/s)%n", verb, acked, total, seconds, acked / seconds);
        if (devices.failure.get() != null) {
            System.err.println("MqttDevices: " + devices.failure.get() + "; " + (total - acked) + " of " + total
                    + " messages not acknowledged");
            return 1;
        }
        return 0;
    }

    @Override
    public void acknowledged(String deviceId, int seq) {
        acknowledged.incrementAndGet();
        lastAckNanos.set(System.nanoTime());
        if (ackedFile != null) {
            synchronized (this) {
                try {
                    ackedFile.write(deviceId + " " + seq + "\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    @Override
    public void finished(DeviceClient device, String failure) {
        if (failure != null) {
            this.failure.compareAndSet(null, device.deviceId() + ": " + failure);
        }
        finished.countDown();
    }
}
