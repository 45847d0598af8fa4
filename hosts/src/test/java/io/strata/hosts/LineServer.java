package io.strata.hosts;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A TCP server for the harness's own test: answers every connection with one line naming itself. */
public final class LineServer {

    private LineServer() {
    }

    public static void main(String[] args) throws IOException {
        String address = args[0];
        int port = Integer.parseInt(args[1]);
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(address, port));
            System.out.println("listening on " + address + ":" + port);
            while (true) {
                try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
                    out.write(("pong from " + address + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }
}
