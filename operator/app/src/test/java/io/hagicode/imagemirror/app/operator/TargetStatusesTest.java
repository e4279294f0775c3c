package io.hagicode.imagemirror.app.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.oci.Repository;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pull reference a user copies from the status. */
class TargetStatusesTest {
    private static final Repository ALIYUN = Repository.parse("registry.cn-hangzhou.aliyuncs.com/hagicode/hagicode");

    @Test
    void theHighestVersionInSyncIsOffered() {
        assertThat(TargetStatuses.pullReference(ALIYUN, List.of("latest", "v1.9.0", "v1.10.0", "1.2.0-rc.1")))
                .isEqualTo("registry.cn-hangzhou.aliyuncs.com/hagicode/hagicode:v1.10.0");
    }

    @Test
    void withoutVersionsLatestThenTheLastTagIsOffered() {
        assertThat(TargetStatuses.pullReference(ALIYUN, List.of("main", "latest"))).endsWith(":latest");
        assertThat(TargetStatuses.pullReference(ALIYUN, List.of("main", "dev"))).endsWith(":main");
    }

    @Test
    void withNothingInSyncTheRepositoryAloneIsOffered() {
        assertThat(TargetStatuses.pullReference(ALIYUN, List.of()))
                .isEqualTo("registry.cn-hangzhou.aliyuncs.com/hagicode/hagicode");
    }

    @Test
    void dockerHubShorthandIsSpelledOut() {
        assertThat(TargetStatuses.pullReference(Repository.parse("nginx"), List.of("1.27.0")))
                .isEqualTo("docker.io/library/nginx:1.27.0");
    }
}
