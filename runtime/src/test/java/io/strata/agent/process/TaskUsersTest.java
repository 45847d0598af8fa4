package io.strata.agent.process;

import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which user a task runs as, decided from the agent's setting and the task's request; accounts are fakes. */
class TaskUsersTest {

    private static final UnixUser TASKS = new UnixUser("strata-task", 999, 995);
    private static final UnixUser ANALYTICS = new UnixUser("analytics", 1200, 1200);
    private static final UnixUser TOOR = new UnixUser("toor", 0, 0);
    private static final Map<String, UnixUser> ACCOUNTS = Map.of("analytics", ANALYTICS, "toor", TOOR);

    private final List<String> created = new ArrayList<>();
    private final Function<String, Optional<UnixUser>> lookup = name -> Optional.ofNullable(ACCOUNTS.get(name));
    private final Function<String, UnixUser> create = name -> {
        created.add(name);
        return TASKS;
    };

    @Test
    void aRootAgentCreatesTheDefaultTaskUserOnceAndRunsTasksAsIt() {
        TaskUsers users = TaskUsers.forAgent(null, true, "root", lookup, create);

        assertThat(created).containsExactly("strata-task");
        assertThat(users.switching()).isTrue();
        assertThat(users.forTask(task(null))).contains(TASKS);
        assertThat(users.forTask(task("strata-task"))).contains(TASKS);
        assertThat(users.forTask(task("analytics"))).contains(ANALYTICS);
    }

    @Test
    void aRootAgentUsesTheNamedTaskUserAndCreatesNone() {
        TaskUsers users = TaskUsers.forAgent("analytics", true, "root", lookup, create);

        assertThat(created).isEmpty();
        assertThat(users.forTask(task(null))).contains(ANALYTICS);
        assertThat(users.describe()).isEqualTo("analytics (uid 1200)");
    }

    @Test
    void aTaskUserThatIsMissingOrRootIsRefusedAtStart() {
        assertThatThrownBy(() -> TaskUsers.forAgent("kafka", true, "root", lookup, create))
                .hasMessage("--task-user: there is no user 'kafka' on this host; create it (useradd --system kafka) "
                        + "or leave --task-user out to use strata-task");
        assertThatThrownBy(() -> TaskUsers.forAgent("root", true, "root", lookup, create))
                .hasMessageStartingWith("--task-user: user 'root' is not allowed: tasks never run as root");
        assertThatThrownBy(() -> TaskUsers.forAgent("toor", true, "root", lookup, create))
                .hasMessage("--task-user: user 'toor' has uid 0; tasks never run as root");
        assertThatThrownBy(() -> TaskUsers.forAgent("Bad Name", true, "root", lookup, create))
                .hasMessageStartingWith("--task-user: user 'Bad Name' is not a valid Unix user name");
        assertThat(created).isEmpty();
    }

    @Test
    void aTaskAskingForRootOrAnAccountWithUidZeroOrAnUnknownOneIsRefused() {
        TaskUsers users = TaskUsers.forAgent(null, true, "root", lookup, create);

        assertThatThrownBy(() -> task("root")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("task t: user 'root' is not allowed: tasks never run as root (leave 'user' out to run "
                        + "as the agent's task user)");
        assertThatThrownBy(() -> users.forTask(task("toor"))).hasMessage("user 'toor' has uid 0: tasks never run as root");
        assertThatThrownBy(() -> users.forTask(task("nobody-known"))).hasMessage("there is no user 'nobody-known' on this host");
    }

    @Test
    void anAgentThatIsNotRootRunsTasksAsItselfAndRefusesOthers() {
        TaskUsers users = TaskUsers.forAgent(null, false, "dev", lookup, create);

        assertThat(users.switching()).isFalse();
        assertThat(users.forTask(task(null))).isEmpty();
        assertThat(users.forTask(task("dev"))).isEmpty();
        assertThatThrownBy(() -> users.forTask(task("analytics"))).hasMessage(
                "this agent runs as dev and cannot run tasks as 'analytics' (only an agent running as root switches users)");
        assertThatThrownBy(() -> TaskUsers.forAgent("analytics", false, "dev", lookup, create)).hasMessage(
                "--task-user analytics needs an agent running as root; this one runs as dev and runs its tasks as dev");
        assertThat(TaskUsers.forAgent("dev", false, "dev", lookup, create).switching()).isFalse();
        assertThat(created).isEmpty();
    }

    @Test
    void passwdLinesAreParsed() {
        assertThat(UnixUser.parsePasswd("strata-task:x:999:995:Strata tasks:/nonexistent:/usr/sbin/nologin"))
                .contains(TASKS);
        assertThat(UnixUser.parsePasswd("broken:x:abc:1::/:/bin/sh")).isEmpty();
        assertThat(UnixUser.parsePasswd("short:x")).isEmpty();
    }

    @Test
    void setprivDropsToTheUserTheSandboxGroupAndTheExtraGroupsWithoutNewPrivileges() {
        var runAs = new TaskLaunch.RunAs(TASKS, 1_900_000_001, List.of(995, 1_900_000_002));

        assertThat(runAs.setpriv(java.nio.file.Path.of("/usr/bin/setpriv"))).containsExactly("/usr/bin/setpriv",
                "--reuid=999", "--regid=1900000001", "--groups=995,1900000002", "--no-new-privs", "--");
        assertThat(new TaskLaunch.RunAs(TASKS, 1_900_000_001, List.of()).setpriv(java.nio.file.Path.of("/bin/setpriv")))
                .contains("--clear-groups");
    }

    @Test
    void searchPermissionIsReadFromTheBitsThatApplyToTheUser() {
        assertThat(TaskDirs.canSearch(0700, 0, 0, TASKS)).isFalse();
        assertThat(TaskDirs.canSearch(0701, 0, 0, TASKS)).isTrue();
        assertThat(TaskDirs.canSearch(0750, 0, 995, TASKS)).isTrue();
        assertThat(TaskDirs.canSearch(0075, 999, 0, TASKS)).as("the owner bits apply to the owner").isFalse();
        assertThat(TaskDirs.isTaskGroup(TaskDirs.FIRST_GID)).isTrue();
        assertThat(TaskDirs.isTaskGroup(995)).isFalse();
    }

    private static TaskSpec task(String user) {
        return TaskSpec.of(TaskId.of("t"), Resources.EMPTY, "true").withUser(user);
    }
}
