package io.strata.cli;

import io.strata.cli.FakeStrataApi.Request;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class GroupCommandsTest {

    @TempDir
    Path home;

    private final FakeStrataApi api = new FakeStrataApi();

    @AfterEach
    void stopApi() {
        api.close();
    }

    @Test
    void createPostsTheQuotaInMegabytesAndSaysWhatWasCreated() {
        api.servesHome(home).onJson("POST", "/api/v1/groups", 201, """
                {"name":"iot","weight":2.0,"guarantee":{"cpus":2.0,"memMb":4096},"limit":{"cpus":6.0,"memMb":8192},
                 "users":["kafka"],"used":{"cpus":0,"memMb":0,"diskMb":0}}""");

        StrataCli run = StrataCli.run(home, "group", "create", "iot", "--weight", "2", "--guarantee", "cpus=2,mem=4g",
                "--limit", "cpus=6,mem=8g", "--users", "kafka");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("group iot created: weight 2, guarantee cpus=2,mem=4096MB, limit cpus=6,mem=8192MB\n");
        Request posted = api.requests().get(0);
        assertThat(SampleJson.parse(posted.body())).isEqualTo(SampleJson.parse("""
                {"name":"iot","weight":2.0,"guarantee":{"cpus":2.0,"memMb":4096},"limit":{"cpus":6.0,"memMb":8192},
                 "users":["kafka"]}"""));
    }

    @Test
    void aBadQuotaIsAUsageErrorAndNothingIsSent() {
        api.servesHome(home);

        StrataCli run = StrataCli.run(home, "group", "create", "iot", "--limit", "cpu=6");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--limit names unknown resource 'cpu'; valid: cpus, mem, disk");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void listShowsUsageAgainstLimits() {
        api.servesHome(home).onJson("GET", "/api/v1/groups", 200, """
                [{"name":"default","weight":1.0,"guarantee":{},"limit":null,"users":[],
                  "used":{"cpus":1.5,"memMb":512,"diskMb":0}},
                 {"name":"iot","weight":2.0,"guarantee":{"cpus":2.0},"limit":{"cpus":6.0,"memMb":8192},"users":["kafka"],
                  "used":{"cpus":6.0,"memMb":3072,"diskMb":100}}]""");

        StrataCli run = StrataCli.run(home, "group", "list");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines().toList()).containsExactly(
                "GROUP    WEIGHT  CPUS   MEM (MB)   DISK (MB)  GUARANTEE  USERS",
                "default  1       1.5/-  512/-      0/-        none       -",
                "iot      2       6/6    3072/8192  100/-      cpus=2     kafka");
    }

    @Test
    void setQuotaPutsOnlyWhatIsGiven() {
        api.servesHome(home).onJson("PUT", "/api/v1/groups/science/quota", 200, """
                {"name":"science","weight":1.0,"guarantee":{},"limit":{"cpus":4.0},"users":[],
                 "used":{"cpus":0,"memMb":0,"diskMb":0}}""");

        StrataCli run = StrataCli.run(home, "group", "set-quota", "science", "--limit", "cpus=4");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("group science: weight 1, guarantee none, limit cpus=4\n");
        assertThat(SampleJson.parse(api.requests().get(0).body())).isEqualTo(SampleJson.parse("{\"limit\":{\"cpus\":4.0}}"));
    }

    @Test
    void taskRunSendsTheGroup() {
        api.servesHome(home).onJson("POST", "/api/v1/tasks", 201, "{\"id\":\"t-1\",\"state\":\"PENDING\",\"group\":\"iot\"}");

        StrataCli run = StrataCli.run(home, "task", "run", "--group", "iot", "--cpus", "1", "--mem", "32", "--", "true");

        assertThat(run.exitCode()).isZero();
        assertThat(SampleJson.parse(api.requests().get(0).body()).path("group").asText()).isEqualTo("iot");
    }
}
