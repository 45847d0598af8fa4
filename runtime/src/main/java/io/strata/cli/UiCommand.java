package io.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.cli.spi.CliFailure;
import io.strata.cli.spi.Json;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "ui",
        description = {"Print a link that opens the web dashboard signed in (valid for 5 minutes, once).",
            "The dashboard is served by every master at the API's URL; opening the link gives the browser "
                    + "a session token with this token's role and group, valid for 12 hours."},
        footer = {"", "Example: strata ui --open",
            "Without a link, open the API's URL and paste a token into the sign-in form."})
final class UiCommand implements Callable<Integer> {

    @ParentCommand
    StrataCommand strata;

    @Option(names = "--open", description = "Also open the link in a browser (xdg-open, else the desktop's browser).")
    boolean open;

    @Override
    public Integer call() {
        JsonNode link = strata.api().post("/api/v1/ui/links", Json.MAPPER.createObjectNode());
        if (!link.path("code").isTextual()) {
            throw CliFailure.failure("The Strata API made no sign-in link (its answer has no 'code' field).");
        }
        String base = strata.api().base().toString().replaceAll("/+$", "");
        String url = base + "/#/signin/" + link.get("code").asText();
        strata.out.println(url);
        strata.err.println("Open this link" + (link.path("expires_at").isTextual()
                ? " before " + link.get("expires_at").asText() : " within 5 minutes")
                + "; it signs in once. Without it, open " + base + "/ and sign in with a token.");
        if (open) {
            strata.err.println(openInBrowser(url));
        }
        return 0;
    }

    /** Opens the link and says how, or says why it could not (the link is printed either way). */
    private String openInBrowser(String url) {
        Optional<Path> xdgOpen = onPath("xdg-open");
        if (xdgOpen.isPresent()) {
            try {
                new ProcessBuilder(xdgOpen.get().toString(), url).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                return "Opened it with xdg-open.";
            } catch (IOException e) {
                return "Cannot open a browser: xdg-open did not start (" + e.getMessage() + "); open the link yourself.";
            }
        }
        String display = strata.env.get("DISPLAY");
        String wayland = strata.env.get("WAYLAND_DISPLAY");
        boolean graphical = display != null && !display.isBlank() || wayland != null && !wayland.isBlank()
                || System.getProperty("os.name", "").startsWith("Mac");
        if (graphical && java.awt.Desktop.isDesktopSupported()
                && java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.BROWSE)) {
            try {
                java.awt.Desktop.getDesktop().browse(URI.create(url));
                return "Opened it in the desktop's browser.";
            } catch (IOException | UnsupportedOperationException e) {
                return "Cannot open a browser (" + e.getMessage() + "); open the link yourself.";
            }
        }
        return "Cannot open a browser here: no xdg-open on the PATH and no desktop; open the link yourself.";
    }

    private Optional<Path> onPath(String program) {
        String path = strata.env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
