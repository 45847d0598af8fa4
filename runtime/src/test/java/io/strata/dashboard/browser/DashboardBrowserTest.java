package io.strata.dashboard.browser;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.cli.StrataCli;
import io.strata.node.StrataNode;
import io.strata.testing.Browser;
import io.strata.testing.Eventually;
import io.strata.testing.LoopbackCluster;
import io.strata.testing.StrataApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real headless Chromium against a real cluster in this JVM (a master and two
 * agents running real processes): signing in, what a wrong or missing token shows, the overview
 * against {@code strata status --json}, the tasks and agents pages, why a task waits, a live log
 * tail, killing a task and one-time sign-in links. Screenshots of each page go to
 * {@code target/screenshots/}.
 */
class DashboardBrowserTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final List<String> AGENTS = List.of("agent-1", "agent-2");

    @TempDir
    static Path home;
    static StrataNode node;
    static StrataApi api;
    static Browser browser;
    static Path shared;

    @BeforeAll
    static void start() throws IOException {
        node = LoopbackCluster.start(home, 2, 2.0, 1000, 2048, "31650-31659", Duration.ofSeconds(1));
        api = StrataApi.of(node, home);
        StrataCli.pointAt(home, URI.create(node.apiUrl()));
        // Tasks run as the agents' task user when the tests run as root: the files a task waits for
        // live where that user can look.
        shared = Files.createTempDirectory("strata-ui-test");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        browser = Browser.start();
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (node != null) {
                node.close();
            }
            if (shared != null) {
                try (var files = Files.list(shared)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(shared);
            }
        }
    }

    @BeforeEach
    @AfterEach
    void signedOut() {
        browser.open(node.apiUrl() + "/ui/css/strata.css");
        browser.script("sessionStorage.clear()");
    }

    // ---- signing in ------------------------------------------------------------------------------

    @Test
    void withoutATokenThePageShowsTheSignInFormAndNoData() {
        browser.open(node.apiUrl() + "/#/agents");

        browser.visible(By.cssSelector("[data-test=signin-form]"), WAIT);
        browser.screenshot("signin");
        assertNoClusterData();
    }

    @Test
    void aWrongTokenIsRefusedWithASentenceAndNoData() {
        browser.open(node.apiUrl() + "/");
        type("[data-test=signin-token]", "stk_000000000000_" + "x".repeat(32));
        click("[data-test=signin-submit]");

        WebElement error = browser.visible(By.cssSelector("[data-test=signin-error]"), WAIT);
        assertThat(error.getText()).startsWith("That token was not accepted:");
        assertThat(browser.driver().findElements(By.cssSelector("[data-test=signin-form]"))).hasSize(1);
        assertNoClusterData();
        assertThat((String) browser.script("return sessionStorage.getItem('strata.token')")).isNull();
    }

    @Test
    void aRevokedTokenTurnsAnOpenPageIntoTheSignInFormWithoutData() {
        StrataApi.Response created = api.post("/api/v1/tokens", "{\"name\":\"ui-viewer\",\"role\":\"viewer\"}");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String viewer = created.body().get("token").asText();

        // A viewer may look.
        signIn(viewer);
        browser.visible(By.cssSelector("[data-test=agent-row][data-agent=agent-1]"), WAIT);
        assertThat(browser.visible(By.cssSelector("[data-test=whoami]"), WAIT).getText()).contains("ui-viewer", "viewer");

        // Once revoked, the open page falls back to the sign-in form by itself, without data; so does a reload.
        browser.open(node.apiUrl() + "/#/agents");
        browser.visible(By.cssSelector("[data-test=agent-row][data-agent=agent-1]"), WAIT);
        assertThat(api.delete("/api/v1/tokens/" + viewer.substring(4, 16)).status()).isEqualTo(200);
        browser.visible(By.cssSelector("[data-test=signin-form]"), WAIT);
        assertNoClusterData();
        assertThat((String) browser.script("return sessionStorage.getItem('strata.token')")).isNull();
        browser.script("sessionStorage.setItem('strata.token', arguments[0])", viewer);
        browser.driver().navigate().refresh();
        browser.visible(By.cssSelector("[data-test=signin-form]"), WAIT);
        assertNoClusterData();
    }

    @Test
    void signingOutForgetsTheToken() {
        signIn(api.token());
        browser.visible(By.cssSelector("[data-test=agent-row]"), WAIT);

        click("[data-test=signout]");

        browser.visible(By.cssSelector("[data-test=signin-form]"), WAIT);
        assertNoClusterData();
        assertThat((String) browser.script("return sessionStorage.getItem('strata.token')")).isNull();
    }

    @Test
    void aOneTimeSignInLinkWorksOnce() {
        StrataCli ui = StrataCli.run(home, "ui");
        assertThat(ui.exitCode()).as(ui.err()).isZero();
        String url = ui.out().strip();
        assertThat(url).startsWith(node.apiUrl() + "/#/signin/");

        browser.open(url);
        browser.visible(By.cssSelector("[data-test=agent-row][data-agent=agent-1]"), WAIT);
        assertThat(browser.driver().getCurrentUrl()).as("the code leaves the address bar").doesNotContain("signin");
        assertThat(browser.visible(By.cssSelector("[data-test=whoami]"), WAIT).getText()).contains("ui-");

        browser.script("sessionStorage.clear()");
        browser.open(url);
        WebElement error = browser.visible(By.cssSelector("[data-test=signin-error]"), WAIT);
        assertThat(error.getText()).startsWith("This sign-in link did not work:");
        assertNoClusterData();
    }

    // ---- the cluster's pages ---------------------------------------------------------------------

    @Test
    void theOverviewShowsTheAgentsWithTheNumbersOfStrataStatus() {
        StrataApi.Response group = api.post("/api/v1/groups", "{\"name\":\"iot\",\"limit\":{\"cpus\":1,\"memMb\":512}}");
        assertThat(group.status()).as(group.body().toString()).isEqualTo(201);
        String sleeper = submitTo("iot", "overview-sleeper", 0.5, 64, "sleep", "300");
        String failing = submit("overview-failing", 0.1, 16, "sh", "-c", "echo 'no such sensor' >&2; exit 3");
        awaitState(sleeper, "RUNNING");
        awaitState(failing, "FAILED");
        signIn(api.token());

        for (String agent : AGENTS) {
            browser.visible(By.cssSelector("[data-test=agent-row][data-agent=" + agent + "]"), WAIT);
        }
        // The page and the CLI read the same live state; wait until both saw the same moment.
        browser.await(WAIT, "the overview's agents to match 'strata status --json'", d -> {
            StrataCli status = StrataCli.run(home, "status", "--json");
            assertThat(status.exitCode()).as(status.err()).isZero();
            JsonNode agents = StrataCli.json(status.out()).get("agents");
            JsonNode rows = StrataApi.JSON.valueToTree(browser.script("return Array.from(document.querySelectorAll("
                    + "'[data-test=page-overview] [data-test=agent-row]')).map(r => ({id: r.dataset.agent,"
                    + " cpusTotal: r.dataset.cpusTotal, cpusUsed: r.dataset.cpusUsed, memTotal: r.dataset.memTotal,"
                    + " memUsed: r.dataset.memUsed, text: r.innerText}))"));
            if (rows.size() != agents.size()) {
                return false;
            }
            for (JsonNode a : agents) {
                JsonNode row = null;
                for (JsonNode r : rows) {
                    if (r.get("id").asText().equals(a.get("id").asText())) {
                        row = r;
                    }
                }
                if (row == null
                        || Double.parseDouble(row.get("cpusTotal").asText()) != a.at("/total/cpus").asDouble()
                        || Double.parseDouble(row.get("cpusUsed").asText()) != a.at("/used/cpus").asDouble()
                        || Long.parseLong(row.get("memTotal").asText()) != a.at("/total/memMb").asLong()
                        || Long.parseLong(row.get("memUsed").asText()) != a.at("/used/memMb").asLong()
                        || !row.get("text").asText().contains(shown(a.at("/used/cpus").asDouble()) + " / "
                                + shown(a.at("/total/cpus").asDouble()) + " cpus")
                        || !row.get("text").asText().contains(a.at("/used/memMb").asLong() + " MB / "
                                + a.at("/total/memMb").asLong() + " MB")) {
                    return false;
                }
            }
            return AGENTS.stream().allMatch(id -> agents.findValuesAsText("id").contains(id))
                    && agents.findValues("used").stream().anyMatch(u -> u.get("cpus").asDouble() == 0.5);
        });
        // The charts are filled from the node's history, then grow with its live points.
        browser.await(WAIT, "each resource chart to have a point", d -> chartPoints().stream().allMatch(n -> n > 0)
                && chartPoints().size() == 3);
        int before = chartPoints().get(0);
        browser.await(WAIT, "the cpu chart to gain a live point", d -> chartPoints().get(0) > before);
        browser.textContaining(By.cssSelector("[data-test=state-count][data-state=RUNNING]"), WAIT, "RUNNING");
        // The group's use against its limit.
        browser.await(WAIT, "group iot at 0.5 of its 1 cpu", d -> d.findElements(By.cssSelector("[data-test=group-row][data-group=iot]"))
                .stream().anyMatch(g -> g.getText().contains("0.5 / 1 cpus") && g.getText().contains("64 MB / 512 MB")));
        // The failure is in the feed of recent warnings and failures, with its reason.
        browser.textContaining(By.xpath("//*[@data-test='events-feed']/li[@data-severity='error']"
                + "[contains(., '" + failing + "')]"), WAIT, "FAILED");
        browser.screenshot("overview");
        kill(sleeper);
    }

    @Test
    void aTaskThatCannotFitSaysWhatEachAgentLacks() {
        String big = submit("too-big", 64, 128, "sleep", "1");
        awaitState(big, "PENDING");
        signIn(api.token());

        browser.open(node.apiUrl() + "/#/tasks");
        browser.visible(By.cssSelector("[data-test=task-row][data-task='" + big + "'][data-state=PENDING]"), WAIT);
        browser.screenshot("tasks");
        type("[data-test=table-filter]", big);
        browser.await(WAIT, "the filter to leave only the waiting task",
                d -> d.findElements(By.cssSelector("[data-test=task-row]")).size() == 1);

        browser.open(node.apiUrl() + "/#/tasks/" + big);
        browser.visible(By.cssSelector("[data-test=why-waits]"), WAIT);
        for (String agent : AGENTS) {
            By row = By.cssSelector("[data-test=why-agent][data-agent=" + agent + "][data-fits=false]");
            browser.textContaining(row, WAIT, "needs 64 cpus");
            browser.await(WAIT, agent + " lacking cpus", d -> d.findElement(row)
                    .findElements(By.cssSelector("[data-test=why-lack][data-resource=cpus]")).size() == 1);
        }
        browser.screenshot("why-waits");
        kill(big);

        // A task that fits an agent but not its group's limit: the quota is what each agent lacks.
        StrataApi.Response group = api.post("/api/v1/groups", "{\"name\":\"lab\",\"limit\":{\"cpus\":1}}");
        assertThat(group.status()).as(group.body().toString()).isEqualTo(201);
        String capped = submitTo("lab", "over-quota", 1.5, 32, "sleep", "1");
        awaitState(capped, "PENDING");
        Eventually.await(WAIT, () -> "the task's reason names its group's limit: " + api.get("/api/v1/tasks/" + capped).body(),
                () -> api.get("/api/v1/tasks/" + capped).body().path("reason").asText().startsWith("group lab has a limit of 1 cpus"));
        browser.open(node.apiUrl() + "/#/tasks/" + capped);
        assertThat(browser.visible(By.cssSelector("[data-test=why-group]"), WAIT).getText()).contains("lab");
        for (String agent : AGENTS) {
            By row = By.cssSelector("[data-test=why-agent][data-agent=" + agent + "]");
            browser.await(WAIT, agent + " lacking the quota and not cpus", d -> {
                WebElement r = d.findElement(row);
                return r.findElements(By.cssSelector("[data-test=why-lack][data-resource=quota]")).size() == 1
                        && r.findElements(By.cssSelector("[data-test=why-lack][data-resource=cpus]")).isEmpty();
            });
        }
        browser.screenshot("why-waits-quota");
        kill(capped);
    }

    @Test
    void aTasksLogTailShowsWhatItPrintsAfterThePageOpenedAndItCanBeKilled() throws IOException {
        String line = "line-" + UUID.randomUUID();
        Path go = shared.resolve("go-" + UUID.randomUUID());
        String task = submit("talker", 0.25, 32, "sh", "-c",
                "echo waiting; while [ ! -f " + go + " ]; do sleep 0.2; done; echo " + line + "; echo oops >&2; sleep 300");
        awaitState(task, "RUNNING");
        signIn(api.token());

        browser.open(node.apiUrl() + "/#/tasks/" + task);
        browser.await(WAIT, "the first line in the stdout tail", d -> logText(d, "stdout").contains("waiting"));
        assertThat(logText(browser.driver(), "stdout")).doesNotContain(line);
        Files.writeString(go, "go");
        browser.await(WAIT, "the line printed after the page opened", d -> logText(d, "stdout").contains(line));
        browser.await(WAIT, "the stderr tail", d -> logText(d, "stderr").contains("oops"));
        browser.await(WAIT, "the reason history", d -> !d.findElements(By.cssSelector("[data-test=reason-event]")).isEmpty());
        browser.screenshot("task");

        click("[data-test=action-kill]");
        browser.visible(By.cssSelector("[data-test=confirm-modal]"), WAIT);
        click("[data-test=confirm-ok]");
        awaitState(task, "KILLED");
        browser.await(WAIT, "the page to show the task killed", d -> !d.findElements(
                By.cssSelector("h1 [data-state=KILLED]")).isEmpty());
    }

    @Test
    void theAgentsPageShowsResourcesAttributesAndEachAgentsTasks() {
        String sleeper = submit("agent-sleeper", 0.25, 32, "sleep", "300");
        awaitState(sleeper, "RUNNING");
        String agent = taskField(sleeper, "agentId");
        signIn(api.token());

        browser.open(node.apiUrl() + "/#/agents");
        for (String id : AGENTS) {
            browser.textContaining(By.cssSelector("[data-test=agent-row][data-agent=" + id + "]"), WAIT, "ACTIVE",
                    "127.0.0.");
        }
        browser.screenshot("agents");

        click("[data-test=agent-row][data-agent=" + agent + "]");
        browser.visible(By.cssSelector("[data-test=agent-detail][data-agent=" + agent + "]"), WAIT);
        browser.visible(By.cssSelector("[data-test=task-row][data-task='" + sleeper + "']"), WAIT);
        browser.screenshot("agent");
        kill(sleeper);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    void signIn(String token) {
        browser.open(node.apiUrl() + "/");
        type("[data-test=signin-token]", token);
        click("[data-test=signin-submit]");
        browser.visible(By.cssSelector("[data-test=signout]"), WAIT);
    }

    void type(String css, String text) {
        browser.type(css, text, WAIT);
    }

    void click(String css) {
        browser.click(css, WAIT);
    }

    /** The sign-in page holds nothing of the cluster: no agent id, no address of an agent. */
    void assertNoClusterData() {
        String source = browser.driver().getPageSource();
        for (String agent : AGENTS) {
            assertThat(source).doesNotContain(agent);
        }
        assertThat(source).doesNotContain("127.0.0.2");
        assertThat(browser.driver().findElements(By.cssSelector("[data-test=agent-row], [data-test=task-row], [data-test=chart]")))
                .isEmpty();
    }

    /** The points of each chart on the page, as its data-points says. */
    static List<Integer> chartPoints() {
        return browser.driver().findElements(By.cssSelector("[data-test=chart]")).stream()
                .map(c -> Integer.parseInt(c.getAttribute("data-points"))).toList();
    }

    static String logText(org.openqa.selenium.WebDriver d, String stream) {
        return d.findElements(By.cssSelector("[data-test=log-tail][data-stream=" + stream + "]")).stream()
                .map(WebElement::getText).findFirst().orElse("");
    }

    static String submit(String name, double cpus, long memMb, String... command) {
        return submitTo(null, name, cpus, memMb, command);
    }

    static String submitTo(String group, String name, double cpus, long memMb, String... command) {
        StringBuilder cmd = new StringBuilder();
        for (String c : command) {
            cmd.append(cmd.length() == 0 ? "" : ",").append(StrataApi.JSON.valueToTree(c).toString());
        }
        StrataApi.Response r = api.post("/api/v1/tasks", "{\"name\":\"" + name + "\",\"cpus\":" + cpus + ",\"memMb\":" + memMb
                + (group == null ? "" : ",\"group\":\"" + group + "\"") + ",\"command\":[" + cmd + "]}");
        assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
        return r.body().get("id").asText();
    }

    static String taskField(String id, String field) {
        return api.get("/api/v1/tasks/" + id).body().path(field).asText();
    }

    static void awaitState(String id, String state) {
        Eventually.await(WAIT, () -> "task " + id + " " + state + ", it is " + api.get("/api/v1/tasks/" + id).body(),
                () -> state.equals(taskField(id, "state")));
    }

    static void kill(String id) {
        api.delete("/api/v1/tasks/" + id);
    }

    /** A number as the page prints cpus: at most two decimals, no trailing zeros. */
    static String shown(double x) {
        return BigDecimal.valueOf(Math.round(x * 100) / 100.0).stripTrailingZeros().toPlainString();
    }
}
