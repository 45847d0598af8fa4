package io.strata.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Addresses on 127.0.0.1 where no Strata API answers, as dead or hung master nodes look to the CLI.
 * Closing it closes every socket it opened.
 */
final class DeadNodes implements AutoCloseable {

    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    /** A port nothing listens on: a connection is refused at once, as by a host whose master stopped. */
    URI refusing() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return url(socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A listening port whose queue of connections is full, so the kernel drops further connection
     * attempts: connecting hangs, as with a dead host that drops packets instead of refusing.
     */
    URI droppingConnections() {
        try {
            ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            open.add(server);
            for (int i = 0; i < 16; i++) {
                Socket filler = new Socket();
                open.add(filler);
                try {
                    filler.connect(server.getLocalSocketAddress(), 200);
                } catch (SocketTimeoutException queueFull) {
                    return url(server.getLocalPort());
                }
            }
            throw new IllegalStateException("the listen queue of port " + server.getLocalPort() + " never filled");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A node that takes a connection and never answers on it, as a hung master does. */
    URI silent() {
        return serve(socket -> open.add(socket));
    }

    /**
     * A node that reads each request and hangs up without answering, as a master killed while
     * handling it does; {@code received} counts the requests it read.
     */
    URI hangingUp(AtomicInteger received) {
        return serve(socket -> {
            try (socket) {
                readRequest(socket.getInputStream());
                received.incrementAndGet();
            }
        });
    }

    private interface Handler {
        void handle(Socket socket) throws IOException;
    }

    private URI serve(Handler handler) {
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            open.add(server);
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        handler.handle(server.accept());
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "dead-node-" + server.getLocalPort());
            acceptor.setDaemon(true);
            acceptor.start();
            return url(server.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the head and body (by Content-Length) of one HTTP/1.1 request. */
    private static void readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            head.append((char) b);
        }
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                in.readNBytes(Integer.parseInt(line.substring("content-length:".length()).strip()));
            }
        }
    }

    private static URI url(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable socket : open) {
            socket.close();
        }
    }
}
