package io.strata.pipelines.sources.mqtt;

import io.strata.pipelines.sources.Flags;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionsTest {

    private static BridgeOptions bridge(String line) {
        return BridgeOptions.parse(line.split(" "));
    }

    private static DeviceOptions devices(String line) {
        return DeviceOptions.parse(line.split(" "));
    }

    @Test
    void bridgeDefaults() {
        BridgeOptions o = bridge("--bootstrap 127.0.0.1:9092 --topic readings");
        assertThat(o.port()).isEqualTo(1883);
        assertThat(o.bind()).isEqualTo("0.0.0.0");
        assertThat(o.healthPort()).isEqualTo(-1);
        assertThat(o.filter().text()).isEqualTo("#");
        assertThat(o.mapping()).isEqualTo(RecordMapping.parse("none", "raw"));
        assertThat(o.username()).isNull();
        assertThat(o.maxInflight()).isEqualTo(1000);
    }

    @Test
    void bridgeTakesEveryFlag() {
        BridgeOptions o = bridge("--bootstrap b:1 --topic t --port 0 --bind 127.0.0.1 --health-port 8080 --filter devices/+/readings"
                + " --key topic:1 --payload wrapped --username u --password p --max-inflight 10 --max-message-bytes 4096");
        assertThat(o.filter().matches("devices/d1/readings")).isTrue();
        assertThat(o.mapping().topicLevel()).isEqualTo(1);
        assertThat(o.mapping().wrapped()).isTrue();
        assertThat(o.username()).isEqualTo("u");
        assertThat(o.maxMessageBytes()).isEqualTo(4096);
    }

    @Test
    void bridgeErrorsNameTheFlagAndWhatIsValid() {
        assertThatThrownBy(() -> bridge("--topic t")).hasMessage("missing --bootstrap");
        assertThatThrownBy(() -> bridge("--bootstrap b --topic t --port 70000")).hasMessage(
                "--port: 70000 is out of range, give 0 to 65535");
        assertThatThrownBy(() -> bridge("--bootstrap b --topic t --port x")).hasMessage("--port: 'x' is not an integer");
        assertThatThrownBy(() -> bridge("--bootstrap b --topic t --qos 2")).hasMessage("unknown argument '--qos'");
        assertThatThrownBy(() -> bridge("--bootstrap b --topic t --topic u")).hasMessage("--topic given twice");
        assertThatThrownBy(() -> bridge("--bootstrap b --topic")).hasMessage("--topic needs a value");
        assertThatThrownBy(() -> bridge("--bootstrap b --topic t --username u")).hasMessage(
                "--username and --password (or --password-env) go together: give both or neither");
        assertThatThrownBy(() -> bridge("--bootstrap b --topic t --filter a/#/b")).hasMessageStartingWith("--filter: ");
    }

    @Test
    void passwordComesFromTheEnvironmentWhenAsked() {
        String[] args = "--bootstrap b --topic t --username u --password-env MQTT_PASSWORD".split(" ");
        assertThat(BridgeOptions.parse(args, name -> name.equals("MQTT_PASSWORD") ? "s3cret" : null).password())
                .isEqualTo("s3cret");
        assertThatThrownBy(() -> BridgeOptions.parse(args, name -> null)).hasMessage(
                "--password-env: environment variable 'MQTT_PASSWORD' is not set");
        assertThatThrownBy(() -> bridge("--bootstrap b --topic t --username u --password p --password-env X"))
                .hasMessage("give --password or --password-env, not both");
        assertThat(DeviceOptions.parse("--broker h:1 --messages 1 --username u --password-env P".split(" "), n -> "pw")
                .password()).isEqualTo("pw");
    }

    @Test
    void devicesDefaultsAndTopics() {
        DeviceOptions o = devices("--broker 127.0.0.1:1883 --messages 5");
        assertThat(o.host()).isEqualTo("127.0.0.1");
        assertThat(o.port()).isEqualTo(1883);
        assertThat(o.devices()).isEqualTo(1);
        assertThat(o.qos()).isEqualTo(1);
        assertThat(o.rate()).isZero();
        assertThat(o.deviceId(7)).isEqualTo("device-0007");
        assertThat(o.topicOf("device-0007")).isEqualTo("devices/device-0007/readings");
    }

    @Test
    void devicesErrors() {
        assertThatThrownBy(() -> devices("--broker localhost --messages 5")).hasMessage(
                "--broker: 'localhost' is not HOST:PORT with a port from 1 to 65535");
        assertThatThrownBy(() -> devices("--broker h:1")).hasMessage("missing --messages");
        assertThatThrownBy(() -> devices("--broker h:1 --messages 5 --qos 2")).hasMessage("--qos: 2 is out of range, give 0 to 1");
        assertThatThrownBy(() -> devices("--broker h:1 --messages 5 --topic a/+/b")).hasMessageStartingWith("--topic: topic name");
    }

    @Test
    void helpIsSeenAnywhere() {
        assertThat(Flags.wantsHelp(new String[] {"--topic", "t", "--help"})).isTrue();
        assertThat(Flags.wantsHelp(new String[] {"--topic", "t"})).isFalse();
    }
}
