package io.strata.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.protocol.GroupQuota;
import io.strata.resources.Resources;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class GroupRecordsTest {

    @Test
    void readsWeightGuaranteeAndLimitAndPassesOverOtherFields() {
        GroupRecords.Parsed p = GroupRecords.parse(Map.of("iot", """
                {"name":"iot","weight":2,"guarantee":{"cpus":2,"memMb":4096,"diskMb":0},
                 "limit":{"cpus":6.5,"memMb":8192},"users":["etl"],"createdAt":1750000000000}
                """));

        assertThat(p.problems()).isEmpty();
        assertThat(p.groups()).containsExactly(
                new GroupQuota("iot", 2, Resources.of(2, 4096), Resources.of(6.5, 8192)));
    }

    @Test
    void absentWeightGuaranteeAndLimitMeanTheDefaults() {
        GroupRecords.Parsed p = GroupRecords.parse(Map.of("science", "{\"name\":\"science\"}"));

        assertThat(p.groups()).containsExactly(GroupQuota.defaults("science"));
    }

    @Test
    void aBadRecordIsLeftOutWithItsReasonAndTheOthersStay() {
        Map<String, String> records = new TreeMap<>();
        records.put("a", "{\"name\":\"a\",\"weight\":\"heavy\"}");
        records.put("b", "{\"name\":\"b\",\"guarantee\":{\"cpus\":8},\"limit\":{\"cpus\":6}}");
        records.put("c", "not json");
        records.put("d", "{\"name\":\"d\",\"limit\":{\"cpus\":-1}}");
        records.put("e", "{\"name\":\"other\"}");
        records.put("ok", "{\"name\":\"ok\",\"limit\":{\"memMb\":1024}}");

        GroupRecords.Parsed p = GroupRecords.parse(records);

        assertThat(p.groups()).containsExactly(new GroupQuota("ok", 1, null, Resources.of(0, 1024)));
        assertThat(p.problems()).containsExactly(
                "group record 'a' left out: weight must be a number, got \"heavy\"",
                "group record 'b' left out: group b: guarantee of 8 cpus is above the limit of 6 cpus",
                "group record 'c' left out: not JSON (JsonParseException)",
                "group record 'd' left out: limit.cpus must be a number >= 0, got -1",
                "group record 'e' left out: its name 'other' differs from its key");
    }
}
