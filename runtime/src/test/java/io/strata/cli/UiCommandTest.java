package io.strata.cli;

import io.strata.testing.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code strata ui} against a fake API. */
class UiCommandTest {

    static final String LINK = "{\"code\":\"c0de-c0de-c0de-c0de\",\"url\":\"http://10.9.9.9:8080/#/signin/c0de-c0de-c0de-c0de\","
            + "\"expires_at\":\"2026-12-03T10:05:00Z\"}";

    @TempDir
    Path home;
    @TempDir
    Path bin;
    private final FakeStrataApi api = new FakeStrataApi();

    @AfterEach
    void stopApi() {
        api.close();
    }

    @Test
    void printsTheSignInLinkAtTheApiUrlTheCliUses() {
        api.servesHome(home).onJson("POST", "/api/v1/ui/links", 201, LINK);

        StrataCli run = StrataCli.run(home, "ui");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(api.url().toString().replaceAll("/$", "") + "/#/signin/c0de-c0de-c0de-c0de\n");
        assertThat(run.err()).contains("Open this link before 2026-12-03T10:05:00Z; it signs in once.");
        assertThat(api.requests()).singleElement().satisfies(r -> assertThat(r.method() + " " + r.path())
                .isEqualTo("POST /api/v1/ui/links"));
    }

    @Test
    void openSaysSoWhenThereIsNoBrowserAndStillPrintsTheLink() {
        api.servesHome(home).onJson("POST", "/api/v1/ui/links", 201, LINK);

        StrataCli run = StrataCli.run(home, Map.of("PATH", bin.toString()), "ui", "--open");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("/#/signin/c0de-c0de-c0de-c0de");
        assertThat(run.err()).contains("Cannot open a browser here: no xdg-open on the PATH and no desktop; open the "
                + "link yourself.");
    }

    @Test
    void openHandsTheLinkToXdgOpen() throws Exception {
        api.servesHome(home).onJson("POST", "/api/v1/ui/links", 201, LINK);
        Path opened = bin.resolve("opened");
        Path xdgOpen = bin.resolve("xdg-open");
        Files.writeString(xdgOpen, "#!/bin/sh\necho \"$1\" > " + opened + "\n");
        Files.setPosixFilePermissions(xdgOpen, PosixFilePermissions.fromString("rwxr-xr-x"));

        StrataCli run = StrataCli.run(home, Map.of("PATH", bin.toString()), "ui", "--open");

        assertThat(run.err()).contains("Opened it with xdg-open.");
        Eventually.await(Duration.ofSeconds(10), "xdg-open ran", () -> Files.exists(opened));
        Eventually.await(Duration.ofSeconds(10), "xdg-open got the link", () -> {
            try {
                return Files.readString(opened).strip().endsWith("/#/signin/c0de-c0de-c0de-c0de");
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    @Test
    void aRefusalIsOnePlainSentence() {
        api.servesHome(home).onJson("POST", "/api/v1/ui/links", 401, "{\"error\":\"this token was revoked\"}");

        StrataCli run = StrataCli.run(home, "ui");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("This token was revoked").doesNotContain("Exception");
        assertThat(run.out()).isEmpty();
    }
}
