package io.strata.apps;

import io.strata.protocol.AgentCommand;
import io.strata.protocol.MasterCommand;
import io.strata.resources.TaskId;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs an instance's health check: http and tcp from this node (the apps framework's), command on the
 * instance's agent in its sandbox through the master ({@link MasterCommand.RunCheck}).
 */
final class HealthProbes {

    /** A check's outcome: passed, and what it saw in a few words. */
    record Outcome(boolean passed, String what) {
    }

    private final ExecutorService io = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "strata-apps-checks");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().executor(io).connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final ActorSystem<?> system;
    private final ActorRef<MasterCommand> master;

    HealthProbes(ActorSystem<?> system, ActorRef<MasterCommand> master) {
        this.system = system;
        this.master = master;
    }

    CompletionStage<Outcome> run(HealthCheck check, AppInstance instance) {
        return switch (check.type()) {
            case HTTP -> httpCheck(check, instance.host(), instance.ports().get(check.port()));
            case TCP -> CompletableFuture.supplyAsync(() -> tcpCheck(check, instance.host(),
                    instance.ports().get(check.port())), io);
            case COMMAND -> commandCheck(check, instance.taskId());
        };
    }

    private CompletionStage<Outcome> httpCheck(HealthCheck check, String host, int port) {
        String url = "http://" + host + ":" + port + check.path();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(check.timeout()).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((r, err) -> {
            if (err != null) {
                return new Outcome(false, "GET " + check.path() + " on " + host + ":" + port + " failed: " + failure(err,
                        check.timeout()));
            }
            boolean ok = r.statusCode() >= 200 && r.statusCode() < 400;
            return new Outcome(ok, (ok ? "passing http check on " : "GET ") + check.path() + (ok ? " (" + r.statusCode()
                    + ")" : " answered " + r.statusCode()));
        });
    }

    private static Outcome tcpCheck(HealthCheck check, String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) check.timeout().toMillis());
            return new Outcome(true, "passing tcp check on port " + check.port() + " (" + port + ")");
        } catch (IOException e) {
            return new Outcome(false, "tcp connection to " + host + ":" + port + " failed: " + failure(e, check.timeout()));
        }
    }

    private CompletionStage<Outcome> commandCheck(HealthCheck check, String taskId) {
        long timeout = check.timeout().toMillis();
        CompletionStage<AgentCommand.CheckReply> reply = AskPattern.ask(master,
                (ActorRef<AgentCommand.CheckReply> to) -> new MasterCommand.RunCheck(TaskId.of(taskId),
                        String.join(" ", check.command()), timeout, to), Duration.ofMillis(timeout + 5_000),
                system.scheduler());
        return reply.handle((r, err) -> {
            if (err != null) {
                return new Outcome(false, "command check got no answer from the agent: " + failure(err, check.timeout()));
            }
            if (r.error() != null) {
                return new Outcome(false, "command check could not run: " + r.error());
            }
            String out = r.output() == null ? "" : r.output().strip();
            String tail = out.isEmpty() ? "" : ": " + out.substring(Math.max(0, out.length() - 200));
            return new Outcome(r.passed(), r.passed() ? "passing command check" + tail
                    : "command check exited with code " + r.exitCode() + tail);
        });
    }

    private static String failure(Throwable err, Duration timeout) {
        Throwable c = err;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        if (c instanceof HttpTimeoutException || c instanceof java.net.SocketTimeoutException
                || c instanceof java.util.concurrent.TimeoutException) {
            return "timed out after " + timeout.toMillis() + " ms";
        }
        if (c instanceof java.net.ConnectException) {
            return "connection refused";
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }

    void close() {
        io.shutdownNow();
    }
}
