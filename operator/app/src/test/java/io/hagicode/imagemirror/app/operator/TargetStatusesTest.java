package io.hagicode.imagemirror.app.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.hagicode.imagemirror.api.DigestPinSpec;
import io.hagicode.imagemirror.api.ImageMirrorSpec;
import io.hagicode.imagemirror.api.RepositorySpec;
import io.hagicode.imagemirror.api.TargetStatus;
import io.hagicode.imagemirror.app.job.SpecValidator;
import io.hagicode.imagemirror.app.job.ValidatedSpec;
import io.hagicode.imagemirror.oci.RegistryErrorKind;
import io.hagicode.imagemirror.oci.Repository;
import io.hagicode.imagemirror.sync.SyncReport;
import io.hagicode.imagemirror.sync.SyncTotals;
import io.hagicode.imagemirror.sync.TagOutcome;
import io.hagicode.imagemirror.sync.TagState;
import io.hagicode.imagemirror.sync.TargetReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pull reference a user copies from the status, and how digest pins count. */
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
    void aDigestPinCountsLikeATagButIsNeverThePullReference() throws Exception {
        ImageMirrorSpec raw = new ImageMirrorSpec();
        raw.setSource(new RepositorySpec("docker.io/team/app", null, false));
        raw.setTargets(List.of(new RepositorySpec("hagicode.azurecr.io/app", null, false)));
        String digest = "sha256:" + "ab".repeat(32);
        raw.setDigests(List.of(new DigestPinSpec(digest, null), new DigestPinSpec(digest, "stable")));
        ValidatedSpec spec = SpecValidator.validate(raw);
        List<TagOutcome> outcomes = List.of(TagOutcome.of("@" + digest, TagState.COPIED, digest),
                TagOutcome.failed("stable@" + digest, digest, "pushing tag stable: denied", RegistryErrorKind.DENIED));
        SyncReport report = new SyncReport("team/app", spec.source(), List.of(),
                List.of(new TargetReport(spec.targets().get(0), outcomes)), SyncTotals.ZERO, null, null);

        TargetStatus status = TargetStatuses.from(spec, report).get(0);

        assertThat(status.getTagsInSync()).isEqualTo(1);
        assertThat(status.getTagsFailed()).isEqualTo(1);
        assertThat(status.getFailedTags()).extracting(TargetStatus.FailedTag::getTag).containsExactly("stable@" + digest);
        assertThat(status.getPullReference()).isEqualTo("hagicode.azurecr.io/app");
    }

    @Test
    void dockerHubShorthandIsSpelledOut() {
        assertThat(TargetStatuses.pullReference(Repository.parse("nginx"), List.of("1.27.0")))
                .isEqualTo("docker.io/library/nginx:1.27.0");
    }
}
